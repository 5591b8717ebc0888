import { z } from 'zod';
import { DRIFT_COLUMN_TYPES, driftOptionsSchema } from '../drift/drift-options.js';
import { STAT_TEST_NAMES } from '../drift/tests/stat-test-names.js';
import { contractRegistry } from './registry.js';
import { defineRoute } from './route.js';

const cellSchema = z.union([z.number(), z.string(), z.boolean(), z.null()]);

/** A data set as JSON: column name -> its values, every column of one length. */
export const columnDataSchema = z
  .record(z.string(), z.array(cellSchema, { error: 'each column is an array of values' }), {
    error: 'give the data as an object of column name -> array of values',
  })
  .superRefine((data, ctx) => {
    const lengths = Object.entries(data).map(([name, values]) => [name, values.length] as const);
    const first = lengths[0];
    const odd = lengths.find(([, n]) => n !== first?.[1]);
    if (first !== undefined && odd !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `columns differ in length: '${first[0]}' has ${first[1]} values, '${odd[0]}' has ${odd[1]}`,
      });
    }
  })
  .describe('Column name -> values (numbers, strings, booleans or null for missing).');

export const driftRequestSchema = z
  .object({
    reference: columnDataSchema,
    current: columnDataSchema,
    options: driftOptionsSchema.optional(),
    distributions: z
      .boolean()
      .optional()
      .describe(
        "Add each column's reference and current distributions (shares per bin or category), for charts.",
      ),
  })
  .strict()
  .register(contractRegistry, { id: 'DriftRequest' });

const distributionSchema = z.object({
  kind: z.enum(['numerical', 'categorical']),
  labels: z.array(z.string()),
  edges: z.array(z.number()).optional(),
  reference: z.array(z.number()),
  current: z.array(z.number()),
});

export const columnDriftSchema = z
  .object({
    column: z.string(),
    type: z.enum(DRIFT_COLUMN_TYPES).nullable(),
    stattest: z.enum(STAT_TEST_NAMES).nullable(),
    scoreKind: z.enum(['p_value', 'distance']).nullable(),
    score: z.number().nullable(),
    threshold: z.number().nullable(),
    driftDetected: z.boolean(),
    skipped: z.string().optional().describe('Why the column was not tested.'),
    referenceCount: z.number().int(),
    currentCount: z.number().int(),
    distribution: distributionSchema.optional(),
  })
  .register(contractRegistry, { id: 'ColumnDrift' });

export const driftReportSchema = z
  .object({
    datasetDrift: z.boolean(),
    driftShare: z.number().describe('Share of tested columns that drifted.'),
    driftShareThreshold: z.number(),
    numberOfColumns: z.number().int(),
    numberOfDriftedColumns: z.number().int(),
    columns: z.array(columnDriftSchema),
  })
  .register(contractRegistry, { id: 'DriftReport' });

export const driftRoutes = {
  computeDrift: defineRoute({
    operationId: 'computeDrift',
    method: 'POST',
    path: '/api/v1/drift',
    group: 'monitoring',
    summary: 'Compare a current data set with a reference one, column by column',
    description: [
      "Evidently's stat tests, defaults and automatic selection: without `options.stattest`, each",
      'column gets the test Evidently would pick (by reference size, column type and distinct',
      'values). A column drifts when its p-value is below the threshold or its distance at or above',
      'it; the data set drifts when the share of drifted columns reaches `options.driftShare`',
      '(0.5). Missing values (null, NaN, ±Infinity) are dropped per column. Drift is a finding: the',
      'answer is 200 either way. For files too large for a request body, use `slipway drift`.',
    ].join(' '),
    body: driftRequestSchema,
    status: 200,
    response: driftReportSchema,
  }),
};

export type DriftRequest = z.output<typeof driftRequestSchema>;
export type DriftReportView = z.output<typeof driftReportSchema>;
