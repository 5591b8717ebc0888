import { z } from 'zod';
import { driftReportSchema } from './drift.js';
import { contractRegistry } from './registry.js';

const metricValueSchema = z.object({
  value: z.number().nullable(),
  reason: z.string().optional().describe('Why there is no value (e.g. one class only).'),
  warning: z.string().optional(),
});

/** What one monitor run found for one model version (or, with `version` null, all of them). */
export const monitorVersionResultSchema = z
  .object({
    version: z.string().nullable().describe('The model version judged; null for all traffic.'),
    rows: z.number().int().describe('Predictions in the window (for this version).'),
    judged: z.boolean().describe('False when there were fewer rows than minRows, or no reference.'),
    skipped: z.string().optional().describe('Why the version was not judged.'),
    drift: driftReportSchema.optional(),
    validation: z
      .object({
        success: z.boolean(),
        evaluated: z.number().int(),
        failed: z.number().int(),
        failedExpectations: z.array(z.string()).describe('Their expectation types and columns.'),
      })
      .optional(),
    serving: z
      .object({
        requests: z
          .number()
          .int()
          .describe('Predictions logged in the window, failed ones included.'),
        errors: z.number().int().describe('Logged predictions that failed.'),
        errorRate: z.number().nullable(),
        p50LatencyMs: z.number().nullable(),
        p95LatencyMs: z.number().nullable(),
        p99LatencyMs: z.number().nullable(),
      })
      .optional()
      .describe(
        "Serving figures from the prediction log over the window (all servers' traffic, as sampled by the deployment's logging).",
      ),
    performance: z
      .object({
        task: z.enum(['classification', 'regression']),
        labelled: z.number().int().describe('Predictions with ground truth in the window.'),
        coverage: z.number().describe('Share of the window with ground truth.'),
        metrics: z.record(z.string(), metricValueSchema),
      })
      .optional(),
  })
  .register(contractRegistry, { id: 'MonitorVersionResult' });

/** One run of a monitor: its window and a result per model version plus one for all traffic. */
export const monitorRunResultSchema = z
  .object({
    id: z.string().optional().describe('Set once stored.'),
    monitor: z.string(),
    deployment: z.string(),
    time: z.number().int().describe('When the run was made (epoch ms).'),
    windowStart: z.number().int(),
    windowEnd: z.number().int(),
    trigger: z.enum(['schedule', 'manual']),
    error: z
      .string()
      .optional()
      .describe('Why the run failed as a whole (e.g. the reference could not be read).'),
    results: z.array(monitorVersionResultSchema),
  })
  .register(contractRegistry, { id: 'MonitorRunResult' });

export type MonitorVersionResult = z.output<typeof monitorVersionResultSchema>;
export type MonitorRunResult = z.output<typeof monitorRunResultSchema>;
