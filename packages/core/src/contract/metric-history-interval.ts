import { z } from 'zod';
import { METRIC_INTERVAL_LIMITS as LIMITS } from '../tracking/metric-step-sampling.js';
import { contractRegistry } from './registry.js';
import { defineRoute } from './route.js';
import { metricSchema } from './runs.js';

export const runMetricHistorySchema = z
  .object({
    runId: z.string(),
    metrics: z.array(metricSchema).describe('The sampled points, by step then timestamp.'),
  })
  .register(contractRegistry, { id: 'RunMetricHistory' });

export const metricHistoryIntervalResponseSchema = z
  .object({
    runs: z.array(runMetricHistorySchema).describe('One entry per requested run, in order.'),
  })
  .register(contractRegistry, { id: 'MetricHistoryIntervalResponse' });

const runIdsQuery = z
  .union([z.string(), z.array(z.string())], {
    error: `name the runs as runIds=<id>&runIds=<id> (1 to ${LIMITS.maxRunIds})`,
  })
  .transform((value) => (Array.isArray(value) ? value : [value]))
  .pipe(
    z
      .array(z.string().min(1, 'a run id is empty'))
      .min(1, 'name at least one run')
      .max(LIMITS.maxRunIds, `at most ${LIMITS.maxRunIds} runs per request`),
  )
  .describe(`The runs, 1 to ${LIMITS.maxRunIds}; repeat the parameter for each.`);

const stepQuery = z.coerce
  .number({ error: 'expected an integer step' })
  .int('expected an integer step');

export const metricHistoryIntervalQuerySchema = z
  .object({
    runIds: runIdsQuery,
    maxResults: z.coerce
      .number({ error: `expected 1 to ${LIMITS.maxResultsPerRun}` })
      .int(`expected 1 to ${LIMITS.maxResultsPerRun}`)
      .min(1, `expected 1 to ${LIMITS.maxResultsPerRun}`)
      .max(LIMITS.maxResultsPerRun, `expected 1 to ${LIMITS.maxResultsPerRun}`)
      .optional()
      .describe(`Steps to sample (default and largest ${LIMITS.maxResultsPerRun}).`),
    startStep: stepQuery.optional().describe('First step of the range (with endStep).'),
    endStep: stepQuery.optional().describe('Last step of the range (with startStep).'),
  })
  .superRefine((query, ctx) => {
    const { startStep, endStep } = query;
    if ((startStep === undefined) !== (endStep === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [startStep === undefined ? 'startStep' : 'endStep'],
        message: 'give both startStep and endStep, or neither',
      });
    } else if (startStep !== undefined && endStep !== undefined && startStep > endStep) {
      ctx.addIssue({
        code: 'custom',
        path: ['endStep'],
        message: `endStep (${endStep}) is before startStep (${startStep})`,
      });
    }
  });

export const metricHistoryIntervalRoutes = {
  getMetricHistoryInterval: defineRoute({
    operationId: 'getMetricHistoryInterval',
    method: 'GET',
    path: '/api/v1/metrics/{key}/history-interval',
    group: 'runs',
    summary: 'One metric of several runs, downsampled for charts',
    description: [
      "MLflow's get-history-bulk-interval. Without a range, steps from 0 to the largest step",
      'logged. The distinct steps the runs logged in the range, taken together, are sampled:',
      'when there are more than maxResults, the steps at positions int(i * count / maxResults)',
      'for i < maxResults and the last one (so maxResults + 1 steps), and all of them otherwise;',
      "each run's first and last step (when inside the range) are added. Every point logged at",
      "a sampled step is returned, at most 25,000 per run. Needs READ on each run's experiment;",
      'an unknown run is a 400.',
    ].join(' '),
    params: z.object({ key: z.string().min(1).describe('Metric key, percent-encoded.') }),
    query: metricHistoryIntervalQuerySchema,
    status: 200,
    response: metricHistoryIntervalResponseSchema,
  }),
};

/** One run's sampled points of a metric. */
export type RunMetricHistory = z.output<typeof runMetricHistorySchema>;
