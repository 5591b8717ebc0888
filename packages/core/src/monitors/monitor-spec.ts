import { z } from 'zod';
import { deploymentNameSchema, intervalSchema } from '../deployments/deployment-spec.js';
import { formatDurationMs, parseDurationMs } from '../deployments/duration.js';
import { driftOptionsSchema } from '../drift/drift-options.js';
import { monitorAlertsSchema } from './monitor-alert-spec.js';

export const MONITOR_REFERENCE_TYPES = ['dataset', 'profile', 'traffic'] as const;
export const PERFORMANCE_TASKS = ['classification', 'regression'] as const;
export const CLASSIFICATION_METRICS = [
  'accuracy',
  'precision',
  'recall',
  'f1',
  'roc_auc',
  'log_loss',
] as const;
export const REGRESSION_METRICS = ['mae', 'rmse', 'mape', 'r2'] as const;
export const DEFAULT_MONITOR_MIN_ROWS = 30;
export const MAX_MONITOR_WINDOW_ROWS = 1_000_000;
/** How far back a monitor may look: a year and a bit, past any retention of the prediction log. */
const MAX_SPAN_MS = 400 * 86_400_000;

/** A span of time such as 1h, 7d or 90d (monitors look further back than deployment intervals). */
const spanSchema = z
  .union([z.string(), z.number()], { error: 'must be a duration such as 1h or 7d' })
  .transform((value, ctx) => {
    const ms = typeof value === 'number' ? value : parseDurationMs(value);
    if (ms === undefined || !Number.isInteger(ms) || ms <= 0 || ms > MAX_SPAN_MS) {
      ctx.addIssue({
        code: 'custom',
        message: `must be a positive duration up to ${formatDurationMs(MAX_SPAN_MS)}, such as 1h or 7d (got ${JSON.stringify(value)})`,
      });
      return z.NEVER;
    }
    return ms;
  });

const artifactUri = z
  .string({ error: 'must be an artifact URI' })
  .regex(/^(runs:\/|mlflow-artifacts:\/|models:\/)/u, {
    error:
      'must be an artifact URI: runs:/<run id>/<path>, mlflow-artifacts:/<path>, models:/<name>/<version>/<path> or models:/<name>@<alias>/<path> (upload a local file first: `slipway artifacts upload --run <run id> train.csv`, then use runs:/<run id>/train.csv)',
  });

const referenceSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('dataset'),
      uri: artifactUri.describe('A CSV, JSONL or Parquet file among the artifacts.'),
    })
    .strict(),
  z
    .object({
      type: z.literal('profile'),
      uri: artifactUri.describe('A data profile (JSON) made by `slipway profile`.'),
    })
    .strict(),
  z
    .object({
      type: z.literal('traffic'),
      from: spanSchema.describe('Start of the reference traffic, this long before each run.'),
      to: spanSchema.describe('End of the reference traffic, this long before each run.'),
      version: z.string().min(1).optional().describe('Only traffic served by this model version.'),
    })
    .strict()
    .refine((r) => r.from > r.to, {
      error: 'from must be further back than to (e.g. from: 14d, to: 7d)',
      path: ['to'],
    }),
]);

const windowSchema = z
  .object({
    duration: spanSchema.optional().describe('The predictions of this last span of time.'),
    last: z
      .number({ error: 'must be a number of predictions' })
      .int({ error: 'must be a whole number of predictions' })
      .min(1, { error: 'must be at least 1' })
      .max(MAX_MONITOR_WINDOW_ROWS, { error: `must be at most ${MAX_MONITOR_WINDOW_ROWS}` })
      .optional()
      .describe('The last N predictions.'),
  })
  .strict()
  .refine((w) => (w.duration === undefined) !== (w.last === undefined), {
    error: 'give either duration (e.g. 1h) or last (a number of predictions), not both',
  });

const performanceSchema = z
  .object({
    task: z.enum(PERFORMANCE_TASKS, { error: `must be one of ${PERFORMANCE_TASKS.join(', ')}` }),
    metrics: z
      .array(z.enum([...CLASSIFICATION_METRICS, ...REGRESSION_METRICS]))
      .min(1)
      .optional()
      .describe('Default: every metric of the task.'),
    positiveLabel: z
      .union([z.string(), z.number(), z.boolean()])
      .optional()
      .describe('Binary classification: the positive class (precision, recall, F1, ROC AUC).'),
    labelOutput: z
      .string()
      .min(1)
      .optional()
      .describe('The output holding the predicted label or value (default: the first output).'),
    scoreOutput: z
      .string()
      .min(1)
      .optional()
      .describe(
        "Classification: the output holding class probabilities, one per class index, or one value per prediction as a binary classifier's probability of class 1 (ROC AUC, log loss).",
      ),
  })
  .strict()
  .superRefine((p, ctx) => {
    const allowed: readonly string[] =
      p.task === 'classification' ? CLASSIFICATION_METRICS : REGRESSION_METRICS;
    p.metrics?.forEach((m, i) => {
      if (!allowed.includes(m)) {
        ctx.addIssue({
          code: 'custom',
          path: ['metrics', i],
          message: `${m} is not a ${p.task} metric; use ${allowed.join(', ')}`,
        });
      }
    });
  });

/**
 * A monitor, as `slipway monitors apply -f monitor.yaml` sends it: which deployment's traffic to
 * watch, against what reference, over which window, how often, and what to compute (drift,
 * validation, performance from ground truth). Results are kept per model version, so a canary's
 * candidate is judged apart from its stable version.
 */
export const monitorSpecSchema = z
  .object({
    name: deploymentNameSchema,
    deployment: deploymentNameSchema,
    description: z.string().max(2000).optional(),
    features: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe(
        'The input columns to watch; default all. A tensor input of several positions is named <input>[0], <input>[1], ...',
      ),
    reference: referenceSchema,
    window: windowSchema,
    schedule: z
      .object({ every: intervalSchema.describe('Run this often, e.g. 15m or 1h.') })
      .strict()
      .optional()
      .describe('Without a schedule the monitor runs only when asked (`slipway monitors run`).'),
    minRows: z
      .number()
      .int()
      .min(1)
      .default(DEFAULT_MONITOR_MIN_ROWS)
      .describe('A window (or a version within it) with fewer predictions is not judged.'),
    drift: driftOptionsSchema.optional(),
    validation: z
      .object({ suite: z.record(z.string(), z.unknown()).describe('An expectation suite.') })
      .strict()
      .optional(),
    performance: performanceSchema.optional(),
    alerts: monitorAlertsSchema
      .optional()
      .describe(
        'Alert rules evaluated on every run: threshold, breaches in a row, cooldown, resolve.',
      ),
  })
  .strict();

export type MonitorSpec = z.output<typeof monitorSpecSchema>;
export type MonitorSpecInput = z.input<typeof monitorSpecSchema>;
export type MonitorReference = MonitorSpec['reference'];
