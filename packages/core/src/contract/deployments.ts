import { z } from 'zod';
import { DEPLOYMENT_POLICY_TYPES, deploymentSpecSchema } from '../deployments/deployment-spec.js';
import { PREDICTION_EXPORT_FORMATS } from '../predictions/prediction-export.js';
import { DEPLOYMENT_EVENT_ACTIONS } from '../storage/deployment-store.js';
import type { DeploymentEventAction } from '../storage/deployment-store.js';
import { pageQueryShape, timestampSchema } from './common.js';
import { deploymentStatsRoutes } from './deployment-stats.js';
import { predictionLogRoutes, searchPredictionsQuerySchema } from './prediction-log.js';
import { contractRegistry } from './registry.js';
import { defineRoute } from './route.js';

/**
 * The deployment spec as the API takes it: JSON, or YAML with `Content-Type: application/yaml`.
 * The server validates it with parseDeploymentSpec, which names every problem by field path.
 */
export const deploymentSpecBodySchema = deploymentSpecSchema.register(contractRegistry, {
  id: 'DeploymentSpec',
  description:
    'A deployment: a name and a traffic policy over registry versions (single, canary, blue-green, shadow, ab, bandit), with optional batching and logging. Also accepted as YAML (Content-Type: application/yaml).',
});

const nullableNumber = z.number().nullable();

export const resolvedModelSchema = z.object({ name: z.string(), version: z.string() });

export const variantStatsSchema = z
  .object({
    requests: z.number().int(),
    errors: z.number().int(),
    errorRate: nullableNumber,
    p50LatencyMs: nullableNumber,
    p95LatencyMs: nullableNumber,
    p99LatencyMs: nullableNumber,
    windowMs: z.number().int(),
  })
  .describe(
    'Requests this server answered with the variant over the last windowMs; null without requests.',
  );

export const deploymentVariantSchema = z.object({
  id: z
    .string()
    .describe('stable/candidate, blue/green, primary/challenger, model, or the variant name.'),
  model: z.string().describe('The model URI of the spec.'),
  resolved: resolvedModelSchema,
  trafficPercent: z
    .number()
    .describe('Share of requests routed to it now (shadow: mirrored share).'),
  ready: z.boolean(),
  stats: variantStatsSchema,
});

export const deploymentEventSchema = z
  .object({
    id: z.number().int(),
    deployment: z.string(),
    time: timestampSchema,
    action: z.enum(DEPLOYMENT_EVENT_ACTIONS as [DeploymentEventAction, ...DeploymentEventAction[]]),
    reason: z.string(),
    actor: z.string(),
    details: z.record(z.string(), z.unknown()),
  })
  .register(contractRegistry, {
    id: 'DeploymentEvent',
    description: 'One change of a deployment, with the reason for it.',
  });

export const canaryViewSchema = z.object({
  phase: z.enum(['progressing', 'promoted', 'rolled-back', 'paused']),
  weight: z.number().describe('Percent of traffic the candidate receives now.'),
  stepIndex: z.number().int(),
  steps: z.array(z.number()),
  stepStartedAt: timestampSchema,
  nextAnalysisAt: timestampSchema.optional(),
  status: z.string().optional().describe('The latest analysis verdict or why none was made.'),
});

export const blueGreenViewSchema = z.object({
  active: z.enum(['blue', 'green']),
  preview: z.enum(['blue', 'green']).optional(),
});

export const banditViewSchema = z.object({
  algorithm: z.enum(['thompson', 'epsilon-greedy']),
  arms: z.array(
    z.object({
      id: z.string(),
      pulls: z.number().int(),
      meanReward: nullableNumber,
      alpha: z.number(),
      beta: z.number(),
    }),
  ),
});

export const shadowViewSchema = z.object({
  percent: z.number(),
  mirrored: z.number().int(),
  completed: z.number().int(),
  errors: z.number().int(),
  dropped: z.number().int().describe('Mirrors skipped because too many were in flight.'),
  comparedRows: z.number().int(),
  agreementRate: nullableNumber,
  meanAbsoluteDifference: nullableNumber,
});

export const deploymentSchema = z
  .object({
    name: z.string(),
    policy: z.enum(DEPLOYMENT_POLICY_TYPES),
    spec: deploymentSpecSchema,
    revision: z.number().int(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    createdBy: z.string(),
    updatedBy: z.string(),
    status: z
      .enum(['ready', 'loading', 'failed', 'unloaded'])
      .describe('Whether this server can serve it now.'),
    statusMessage: z.string().optional(),
    variants: z.array(deploymentVariantSchema),
    canary: canaryViewSchema.optional(),
    blueGreen: blueGreenViewSchema.optional(),
    bandit: banditViewSchema.optional(),
    shadow: shadowViewSchema.optional(),
    recentEvents: z.array(deploymentEventSchema).optional().describe('Newest first.'),
  })
  .register(contractRegistry, {
    id: 'Deployment',
    description:
      'A deployment: its spec, the versions it serves, its live state and recent events.',
  });

export const deploymentResponseSchema = z
  .object({ deployment: deploymentSchema })
  .register(contractRegistry, { id: 'DeploymentResponse' });

export const applyDeploymentResponseSchema = z
  .object({
    deployment: deploymentSchema,
    created: z.boolean(),
    changed: z.boolean().describe('False when the spec and its resolved versions were unchanged.'),
  })
  .register(contractRegistry, { id: 'ApplyDeploymentResponse' });

export const listDeploymentsResponseSchema = z
  .object({ deployments: z.array(deploymentSchema) })
  .register(contractRegistry, { id: 'ListDeploymentsResponse' });

export const deploymentEventsResponseSchema = z
  .object({ events: z.array(deploymentEventSchema), nextPageToken: z.string().optional() })
  .register(contractRegistry, { id: 'DeploymentEventsResponse' });

export const feedbackBodySchema = z
  .object({
    requestId: z
      .string()
      .min(1)
      .describe('The id of the inference request (echoed in its response).'),
    reward: z.number().describe("Within the bandit's reward range (default [0, 1])."),
  })
  .register(contractRegistry, { id: 'DeploymentFeedbackRequest' });

export const feedbackResponseSchema = z
  .object({
    requestId: z.string(),
    variant: z.string(),
    pulls: z.number().int(),
    meanReward: nullableNumber,
  })
  .register(contractRegistry, { id: 'DeploymentFeedbackResponse' });

const groundTruthItemSchema = z.object({
  requestId: z.string().min(1),
  label: z
    .unknown()
    .refine((value) => value !== undefined, { error: 'is required' })
    .describe('The true outcome: a number, string, boolean or JSON value.'),
});

export const groundTruthBodySchema = z
  .union([
    groundTruthItemSchema,
    z.array(groundTruthItemSchema).max(10_000),
    z.object({ labels: z.array(groundTruthItemSchema).max(10_000) }),
  ])
  .register(contractRegistry, {
    id: 'GroundTruthRequest',
    description:
      'One label, a list of labels, or {labels: [...]}; each names the request it belongs to.',
  });

export const groundTruthResponseSchema = z
  .object({ accepted: z.number().int() })
  .register(contractRegistry, { id: 'GroundTruthResponse' });

const nameParams = z.object({ name: z.string().min(1) });

/** Query-string times arrive as text. */
const exportTimeQuerySchema = z.coerce.number().int().nonnegative();

export const exportPredictionsQuerySchema = z.object({
  format: z
    .enum(PREDICTION_EXPORT_FORMATS)
    .describe('csv, parquet or jsonl (one JSON object per line).'),
  from: exportTimeQuerySchema
    .optional()
    .describe('Inclusive lower bound on prediction time, ms since the Unix epoch.'),
  to: exportTimeQuerySchema
    .optional()
    .describe('Exclusive upper bound on prediction time, ms since the Unix epoch.'),
  // The same version filter as the prediction browser's search, so an export holds what it shows.
  ...searchPredictionsQuerySchema.pick({ version: true, model: true }).shape,
});
const GROUP = 'deployments';

export const deploymentRoutes = {
  applyDeployment: defineRoute({
    operationId: 'applyDeployment',
    method: 'POST',
    path: '/api/v1/deployments',
    group: GROUP,
    summary: 'Create or update a deployment from its spec (JSON or YAML)',
    description:
      'Resolves every model URI, loads and warms the versions, then switches traffic atomically; requests in flight finish on the versions they started on.',
    body: deploymentSpecBodySchema,
    status: 200,
    response: applyDeploymentResponseSchema,
  }),
  putDeployment: defineRoute({
    operationId: 'putDeployment',
    method: 'PUT',
    path: '/api/v1/deployments/{name}',
    group: GROUP,
    summary: 'Create or update the named deployment from its spec (JSON or YAML)',
    description: "The spec's `name` may be left out; when given it must match the path.",
    params: nameParams,
    body: deploymentSpecBodySchema,
    status: 200,
    response: applyDeploymentResponseSchema,
  }),
  listDeployments: defineRoute({
    operationId: 'listDeployments',
    method: 'GET',
    path: '/api/v1/deployments',
    group: GROUP,
    summary: 'List deployments with their live state',
    status: 200,
    response: listDeploymentsResponseSchema,
  }),
  getDeployment: defineRoute({
    operationId: 'getDeployment',
    method: 'GET',
    path: '/api/v1/deployments/{name}',
    group: GROUP,
    summary: 'Get a deployment: spec, versions, live state and recent events',
    params: nameParams,
    status: 200,
    response: deploymentResponseSchema,
  }),
  deleteDeployment: defineRoute({
    operationId: 'deleteDeployment',
    method: 'DELETE',
    path: '/api/v1/deployments/{name}',
    group: GROUP,
    summary: 'Delete a deployment and unload its models once its requests finish',
    params: nameParams,
    status: 204,
  }),
  promoteDeployment: defineRoute({
    operationId: 'promoteDeployment',
    method: 'POST',
    path: '/api/v1/deployments/{name}/promote',
    group: GROUP,
    summary: 'Canary: send all traffic to the candidate now. Blue-green: switch to the preview.',
    params: nameParams,
    status: 200,
    response: deploymentResponseSchema,
  }),
  rollbackDeployment: defineRoute({
    operationId: 'rollbackDeployment',
    method: 'POST',
    path: '/api/v1/deployments/{name}/rollback',
    group: GROUP,
    summary: 'Canary: send all traffic back to the stable model. Blue-green: undo the last switch.',
    params: nameParams,
    status: 200,
    response: deploymentResponseSchema,
  }),
  postDeploymentFeedback: defineRoute({
    operationId: 'postDeploymentFeedback',
    method: 'POST',
    path: '/api/v1/deployments/{name}/feedback',
    group: GROUP,
    summary: 'Reward the bandit variant that served a request',
    description:
      'The server remembers which variant served each recent request id; one reward per request.',
    params: nameParams,
    body: feedbackBodySchema,
    status: 200,
    response: feedbackResponseSchema,
  }),
  postDeploymentGroundTruth: defineRoute({
    operationId: 'postDeploymentGroundTruth',
    method: 'POST',
    path: '/api/v1/deployments/{name}/ground-truth',
    group: GROUP,
    summary: 'Attach true labels to logged predictions by request id',
    params: nameParams,
    body: groundTruthBodySchema,
    status: 200,
    response: groundTruthResponseSchema,
  }),
  listDeploymentEvents: defineRoute({
    operationId: 'listDeploymentEvents',
    method: 'GET',
    path: '/api/v1/deployments/{name}/events',
    group: GROUP,
    summary: 'The changes of a deployment with their reasons, oldest first',
    params: nameParams,
    query: z.object(pageQueryShape),
    status: 200,
    response: deploymentEventsResponseSchema,
  }),
  exportPredictions: defineRoute({
    operationId: 'exportPredictions',
    method: 'GET',
    path: '/api/v1/deployments/{name}/predictions',
    group: GROUP,
    summary: 'Download the logged predictions of a deployment as CSV, Parquet or JSON Lines',
    description:
      'Streamed oldest first, with ground truth where attached; narrowed by time range and model version like searchPredictions. Columns: request_id, time, deployment, model_name, model_version, variant, latency_ms, status, error, inputs, outputs, ground_truth, ground_truth_time.',
    params: nameParams,
    query: exportPredictionsQuerySchema,
    status: 200,
    response: 'binary',
  }),
  ...deploymentStatsRoutes,
  ...predictionLogRoutes,
};

/** A deployment as the API returns it. */
export type DeploymentView = z.output<typeof deploymentSchema>;
export type DeploymentEventView = z.output<typeof deploymentEventSchema>;
export type GroundTruthBody = z.output<typeof groundTruthBodySchema>;
