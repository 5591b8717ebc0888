import { z } from 'zod';
import { DEPLOYMENT_POLICY_TYPES } from '../deployments/deployment-spec.js';
import { timestampSchema } from './common.js';
import { contractRegistry } from './registry.js';
import { defineRoute } from './route.js';

const nullableNumber = z.number().nullable();

/** The figures of one version, and of the deployment overall. */
const trafficFiguresShape = {
  requests: z
    .number()
    .int()
    .describe(
      'Requests the version answered or failed in the window: what slipway_inference_requests_total counts, all statuses (mirrored copies for a shadow challenger).',
    ),
  errors: z
    .number()
    .int()
    .describe(
      'Requests that failed on the server side: the model threw, its worker crashed or it was unavailable (status "internal" or "unavailable" in slipway_inference_requests_total).',
    ),
  clientErrors: z
    .number()
    .int()
    .describe(
      "Requests refused for their own fault (a 4xx code, e.g. inputs that do not fit the signature); not errors, since they say nothing about the model's health.",
    ),
  errorRate: nullableNumber.describe('errors / requests; null without requests.'),
  rps: z.number().describe('Requests per second: requests / coveredSeconds (at least one second).'),
  p50LatencyMs: nullableNumber.describe(
    'Median latency of the requests in the window (model time, as the Prometheus histogram measures it), within 3.2%; null without requests.',
  ),
  p95LatencyMs: nullableNumber,
  p99LatencyMs: nullableNumber,
};

export const trafficFiguresSchema = z.object(trafficFiguresShape).register(contractRegistry, {
  id: 'TrafficFigures',
  description: "Requests, errors, rate and latency quantiles over the statistics' window.",
});

export const versionStatsSchema = z
  .object({
    variant: z
      .string()
      .describe('stable/candidate, blue/green, primary/challenger, model, or the variant name.'),
    model: z.object({ name: z.string(), version: z.string() }),
    role: z
      .enum(['serving', 'shadow'])
      .describe(
        'shadow: the challenger, which gets mirrored copies of requests and whose answers are never returned.',
      ),
    trafficPercent: z
      .number()
      .describe('Share of requests the policy routes to it now, in percent (shadow: mirrored).'),
    observedPercent: nullableNumber.describe(
      "Its share of the serving versions' requests in the window, in percent; null for the shadow challenger or without requests.",
    ),
    ...trafficFiguresShape,
  })
  .register(contractRegistry, { id: 'DeploymentVersionStats' });

export const canaryStatsSchema = z.object({
  phase: z.enum(['progressing', 'promoted', 'rolled-back', 'paused']),
  weight: z.number().describe('Percent of traffic the candidate receives now.'),
  stepIndex: z.number().int(),
  steps: z.array(z.number()),
  stepStartedAt: timestampSchema,
  nextAnalysisAt: timestampSchema.optional(),
  verdict: z.string().optional().describe('The latest analysis verdict, or why none was made.'),
  analysis: z
    .object({
      requests: z.number().int(),
      errors: z.number().int(),
      errorRate: nullableNumber,
      p95LatencyMs: nullableNumber,
      minRequests: z.number().int(),
      maxErrorRate: z.number().optional(),
      maxP95LatencyMs: z.number().optional(),
    })
    .describe(
      "The candidate's requests since the step began, as the next analysis will judge them (client errors left out), with the thresholds it judges them against.",
    ),
  history: z
    .array(
      z.object({
        at: timestampSchema,
        action: z.enum(['start', 'advance', 'promote', 'rollback', 'pause', 'resume']),
        from: z.number(),
        to: z.number(),
        phase: z.enum(['progressing', 'promoted', 'rolled-back', 'paused']),
        reason: z.string(),
      }),
    )
    .describe("The canary's latest transitions, oldest first (at most 20)."),
});

export const shadowStatsSchema = z
  .object({
    percent: z.number().describe('Percent of requests mirrored to the challenger.'),
    mirrored: z.number().int(),
    dropped: z.number().int().describe('Mirrors skipped because too many were in flight.'),
    completed: z.number().int(),
    errors: z.number().int().describe('Mirrored requests the challenger failed.'),
    comparedRows: z.number().int(),
    agreedRows: z.number().int(),
    agreementRate: nullableNumber.describe('agreedRows / comparedRows.'),
    meanAbsoluteDifference: nullableNumber,
  })
  .describe('Challenger against primary over the window.');

export const banditStatsSchema = z.object({
  algorithm: z.enum(['thompson', 'epsilon-greedy']),
  arms: z.array(
    z.object({
      id: z.string(),
      pulls: z.number().int().describe('Rewards received (all time, shared by every server).'),
      rewardSum: z.number(),
      meanReward: nullableNumber,
      trafficPercent: z.number().describe('Share of requests the bandit sends it now, in percent.'),
    }),
  ),
});

export const deploymentStatsSchema = z
  .object({
    deployment: z.string(),
    policy: z.enum(DEPLOYMENT_POLICY_TYPES),
    status: z.enum(['ready', 'loading', 'failed', 'unloaded']),
    revision: z
      .number()
      .int()
      .describe('Changes with every transition: fetch the events again when it does.'),
    time: timestampSchema.describe('When the figures were taken.'),
    windowSeconds: z.number().int(),
    coveredSeconds: z
      .number()
      .describe('The span the figures cover: less than windowSeconds just after a change.'),
    overall: trafficFiguresSchema,
    versions: z.array(versionStatsSchema),
    canary: canaryStatsSchema.optional(),
    shadow: shadowStatsSchema.optional(),
    bandit: banditStatsSchema.optional(),
  })
  .register(contractRegistry, {
    id: 'DeploymentStats',
    description:
      "A deployment's live statistics over the last minute, as this server saw it; `overall` is the serving versions together (mirrored copies left out).",
  });

const nameParams = z.object({ name: z.string().min(1) });

const PER_PROCESS =
  "Statistics are this server process's own: behind a load balancer each server counts only the requests it served, so with several servers a call shows one server's share (the Prometheus metrics of every server, summed, give the whole). Canary state, bandit arms and the revision are shared through the store and are the same on every server.";

export const deploymentStatsRoutes = {
  getDeploymentStats: defineRoute({
    operationId: 'getDeploymentStats',
    method: 'GET',
    path: '/api/v1/deployments/{name}/stats',
    group: 'deployments',
    summary: 'Live statistics of a deployment over the last minute',
    description: `Per version: its traffic share (routed and observed), requests per second, p50/p95/p99 latency, errors and error rate; the same overall; shadow agreement, bandit arms, or the canary's phase and analysis. An error is a server-side failure; requests refused for their inputs count as clientErrors. Needs READ on the deployment. ${PER_PROCESS}`,
    params: nameParams,
    status: 200,
    response: deploymentStatsSchema,
  }),
  streamDeploymentStats: defineRoute({
    operationId: 'streamDeploymentStats',
    method: 'GET',
    path: '/api/v1/deployments/{name}/stats/stream',
    group: 'deployments',
    summary: 'The live statistics of a deployment as server-sent events, one a second',
    description: `A text/event-stream: a \`stats\` event at once and then every second, its data the JSON of getDeploymentStats; a comment line as a heartbeat every 15 seconds; and, when the server ends the stream, an \`end\` event whose data is an error body ({"error": {"code", "message"}}): NOT_FOUND when the deployment is deleted, PERMISSION_DENIED when READ is withdrawn and UNAUTHENTICATED when the credentials expire or are revoked (both checked every 10 seconds), UNAVAILABLE when the server shuts down (reconnect). Send credentials in the Authorization header (EventSource cannot; the SDK's deployments.streamStats does). Needs READ on the deployment. ${PER_PROCESS}`,
    params: nameParams,
    status: 200,
    response: deploymentStatsSchema,
    eventStream: true,
  }),
};

export type DeploymentStats = z.output<typeof deploymentStatsSchema>;
export type DeploymentVersionStats = z.output<typeof versionStatsSchema>;
export type TrafficFiguresView = z.output<typeof trafficFiguresSchema>;
