import { z } from 'zod';
import { ALERT_COMPARISONS, ALERT_SEVERITIES } from '../monitors/monitor-alert-spec.js';
import { timestampSchema } from './common.js';
import { contractRegistry } from './registry.js';
import { defineRoute } from './route.js';

const ruleShape = {
  monitor: z.string(),
  deployment: z.string(),
  alert: z.string().describe("The alert's name in the monitor spec."),
  version: z.string().nullable().describe('The model version; null for all traffic.'),
  metric: z.string(),
  op: z.enum(ALERT_COMPARISONS),
  threshold: z.number(),
  severity: z.enum(ALERT_SEVERITIES),
};

export const alertStateSchema = z
  .object({
    ...ruleShape,
    status: z.enum(['ok', 'firing']),
    breaches: z.number().int().describe('Breaching runs in a row so far.'),
    oks: z.number().int().describe('Runs within the threshold in a row while firing.'),
    lastValue: z.number().nullable().describe("The metric's value in the latest run that had it."),
    lastFiredAt: timestampSchema.optional(),
    lastResolvedAt: timestampSchema.optional(),
    updatedAt: timestampSchema,
  })
  .register(contractRegistry, { id: 'AlertState' });

export const alertEventSchema = z
  .object({
    id: z.string(),
    ...ruleShape,
    type: z.enum(['fired', 'resolved']),
    time: timestampSchema,
    value: z.number(),
    runId: z.string().optional().describe('The stored monitor run that caused it.'),
    deliveries: z
      .array(
        z.object({
          webhookId: z.string(),
          webhookName: z.string(),
          attempt: z.number().int(),
          time: timestampSchema,
          statusCode: z.number().int().optional().describe("The receiver's HTTP status."),
          error: z.string().optional().describe('Why the attempt failed, when it did.'),
          nextAttemptAt: timestampSchema.optional(),
        }),
      )
      .optional()
      .describe(
        'Every attempt to deliver it to a webhook, oldest first (absent in the stored event itself).',
      ),
  })
  .register(contractRegistry, { id: 'AlertEvent' });

export const retrainingTriggerSchema = z
  .object({
    id: z.string(),
    monitor: z.string(),
    deployment: z.string(),
    alert: z.string(),
    version: z.string().nullable(),
    metric: z.string(),
    value: z.number(),
    threshold: z.number(),
    time: timestampSchema,
    status: z.enum(['pending', 'claimed']),
    claimedBy: z.string().optional().describe('Who claimed it (a user, token or pipeline).'),
    claimedAt: timestampSchema.optional(),
  })
  .register(contractRegistry, {
    id: 'RetrainingTrigger',
    description:
      'A firing alert with `retrain` asks for a new model: pipelines list the pending triggers of their deployment and claim one before retraining, so one trigger starts one retraining.',
  });

const nameParams = z.object({ name: z.string().min(1) });
const timeQuery = z.coerce.number().int().describe('Milliseconds since the Unix epoch.');
const maxResults = z.coerce
  .number()
  .int()
  .positive()
  .max(1000)
  .optional()
  .describe('At most this many (default 100, at most 1000).');
const GROUP = 'monitors';

export const monitorAlertRoutes = {
  listMonitorAlerts: defineRoute({
    operationId: 'listMonitorAlerts',
    method: 'GET',
    path: '/api/v1/monitors/{name}/alerts',
    group: GROUP,
    summary: "The state of each of a monitor's alerts (per version for `versions: each`)",
    description:
      'An alert that has not been evaluated yet has no state. Needs READ on the deployment.',
    params: nameParams,
    status: 200,
    response: z
      .object({ alerts: z.array(alertStateSchema) })
      .register(contractRegistry, { id: 'ListMonitorAlertsResponse' }),
  }),
  listMonitorAlertEvents: defineRoute({
    operationId: 'listMonitorAlertEvents',
    method: 'GET',
    path: '/api/v1/monitors/{name}/alert-events',
    group: GROUP,
    summary: "A monitor's alert firings and resolutions, newest first",
    description:
      'Each event was delivered to the log and to the webhooks subscribed to monitor_alert.fired or monitor_alert.resolved (see their delivery logs). Needs READ on the deployment. Page back with `to` = the oldest time returned - 1.',
    params: nameParams,
    query: z.object({
      from: timeQuery.optional(),
      to: timeQuery.optional(),
      maxResults,
    }),
    status: 200,
    response: z
      .object({ events: z.array(alertEventSchema) })
      .register(contractRegistry, { id: 'ListAlertEventsResponse' }),
  }),
  listRetrainingTriggers: defineRoute({
    operationId: 'listRetrainingTriggers',
    method: 'GET',
    path: '/api/v1/retraining-triggers',
    group: GROUP,
    summary: 'Retraining triggers of the deployments you may read, newest first',
    query: z.object({
      deployment: z.string().min(1).optional(),
      status: z.enum(['pending', 'claimed']).optional(),
      maxResults,
    }),
    status: 200,
    response: z
      .object({ triggers: z.array(retrainingTriggerSchema) })
      .register(contractRegistry, { id: 'ListRetrainingTriggersResponse' }),
  }),
  claimRetrainingTrigger: defineRoute({
    operationId: 'claimRetrainingTrigger',
    method: 'POST',
    path: '/api/v1/retraining-triggers/{id}/claim',
    group: GROUP,
    summary: 'Claim a pending retraining trigger (one claimant wins)',
    description:
      'Needs EDIT on the deployment. Answers 409 CONFLICT when the trigger was already claimed, so two pipelines never retrain for one trigger.',
    params: z.object({ id: z.string().min(1) }),
    status: 200,
    response: z
      .object({ trigger: retrainingTriggerSchema })
      .register(contractRegistry, { id: 'ClaimRetrainingTriggerResponse' }),
  }),
};

export type AlertStateView = z.output<typeof alertStateSchema>;
export type AlertEventView = z.output<typeof alertEventSchema>;
export type RetrainingTriggerView = z.output<typeof retrainingTriggerSchema>;
