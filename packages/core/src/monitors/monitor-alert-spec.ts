import { z } from 'zod';
import { deploymentNameSchema } from '../deployments/deployment-spec.js';
import { formatDurationMs, parseDurationMs } from '../deployments/duration.js';

export const ALERT_COMPARISONS = ['>', '>=', '<', '<='] as const;
export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
/** `all`: one alert on all traffic; `each`: one alert per model version (a canary's candidate apart). */
export const ALERT_SCOPES = ['all', 'each'] as const;
export const MAX_MONITOR_ALERTS = 50;
export const DEFAULT_RETRAIN_COOLDOWN_MS = 86_400_000;
const MAX_COOLDOWN_MS = 400 * 86_400_000;

/** The metrics of one run's result that alerts may watch; `<column>` / `<metric>` are filled in. */
export const ALERT_METRICS = [
  'rows',
  'run.failed',
  'drift.share',
  'drift.detected',
  'drift.drifted_columns',
  'drift.score.<column>',
  'drift.drifted.<column>',
  'validation.failed',
  'validation.success',
  'performance.<metric>',
  'performance.coverage',
  'performance.labelled',
  'serving.requests',
  'serving.errors',
  'serving.error_rate',
  'serving.p50_latency_ms',
  'serving.p95_latency_ms',
  'serving.p99_latency_ms',
] as const;

const FIXED = new Set(ALERT_METRICS.filter((m) => !m.includes('<')));
const PREFIXES = ['drift.score.', 'drift.drifted.', 'performance.'];

/** True when `metric` names something a monitor result can hold. */
export function isAlertMetric(metric: string): boolean {
  if (FIXED.has(metric as (typeof ALERT_METRICS)[number])) return true;
  return PREFIXES.some((p) => metric.startsWith(p) && metric.length > p.length);
}

const cooldownSchema = z
  .union([z.string(), z.number()], { error: 'must be a duration such as 30m or 1d' })
  .transform((value, ctx) => {
    const ms = typeof value === 'number' ? value : parseDurationMs(value);
    if (ms === undefined || !Number.isInteger(ms) || ms < 0 || ms > MAX_COOLDOWN_MS) {
      ctx.addIssue({
        code: 'custom',
        message: `must be a duration from 0 to ${formatDurationMs(MAX_COOLDOWN_MS)}, such as 30m or 1d (got ${JSON.stringify(value)})`,
      });
      return z.NEVER;
    }
    return ms;
  });

const retrainSchema = z
  .union([
    z.boolean(),
    z
      .object({
        cooldown: cooldownSchema.describe('No new trigger from this alert within this span.'),
      })
      .strict(),
  ])
  .transform((value) =>
    value === false
      ? undefined
      : { cooldown: value === true ? DEFAULT_RETRAIN_COOLDOWN_MS : value.cooldown },
  );

/**
 * One alert rule of a monitor, evaluated after every run on the run's result: the metric's value
 * compared with the threshold, `for` breaches in a row to fire, `resolveAfter` good runs to
 * resolve, no new firing within `cooldown` of the last. A firing is delivered to the webhooks
 * subscribed to `monitor_alert.fired` and to the log, and, with `retrain`, records a retraining
 * trigger for pipelines (at most one per `retrain.cooldown`).
 */
export const monitorAlertSchema = z
  .object({
    name: deploymentNameSchema.describe('Unique within the monitor.'),
    metric: z.string({ error: 'must be a metric name such as drift.share' }).refine(isAlertMetric, {
      error: `must be one of ${ALERT_METRICS.join(', ')}`,
    }),
    op: z.enum(ALERT_COMPARISONS, { error: `must be one of ${ALERT_COMPARISONS.join(', ')}` }),
    threshold: z.number({ error: 'must be a number' }).refine(Number.isFinite, {
      error: 'must be a finite number',
    }),
    for: z
      .number({ error: 'must be a whole number of runs' })
      .int({ error: 'must be a whole number of runs' })
      .min(1, { error: 'must be at least 1' })
      .max(1000)
      .default(1)
      .describe('Breaching runs in a row that fire the alert.'),
    resolveAfter: z
      .number({ error: 'must be a whole number of runs' })
      .int({ error: 'must be a whole number of runs' })
      .min(1, { error: 'must be at least 1' })
      .max(1000)
      .default(1)
      .describe('Runs within the threshold in a row that resolve a firing alert.'),
    cooldown: cooldownSchema.default(0).describe('No new firing within this span of the last.'),
    versions: z
      .enum(ALERT_SCOPES, { error: 'must be all or each' })
      .default('all')
      .describe('all: one alert on all traffic; each: one per model version.'),
    severity: z.enum(ALERT_SEVERITIES).default('warning'),
    retrain: retrainSchema
      .optional()
      .describe('true or { cooldown: 1d }: a firing records a retraining trigger.'),
  })
  .strict();

export type MonitorAlert = z.output<typeof monitorAlertSchema>;

export const monitorAlertsSchema = z
  .array(monitorAlertSchema)
  .max(MAX_MONITOR_ALERTS, { error: `at most ${MAX_MONITOR_ALERTS} alerts per monitor` })
  .superRefine((alerts, ctx) => {
    const seen = new Set<string>();
    alerts.forEach((alert, i) => {
      if (seen.has(alert.name)) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'name'],
          message: `two alerts are named '${alert.name}'`,
        });
      }
      seen.add(alert.name);
    });
  });
