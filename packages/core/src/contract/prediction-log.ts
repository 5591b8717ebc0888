import { z } from 'zod';
import { DATATYPES } from '../inference/datatype.js';
import { PREDICTION_STATUSES } from '../predictions/prediction-record.js';
import type { PredictionStatus } from '../predictions/prediction-record.js';
import { pageTokenSchema, timestampSchema } from './common.js';
import { contractRegistry } from './registry.js';
import { defineRoute } from './route.js';

/** The most predictions one page holds: a browser page, not an export. */
export const MAX_PREDICTION_SEARCH_RESULTS = 1_000;
export const DEFAULT_PREDICTION_SEARCH_RESULTS = 50;

export const loggedTensorSchema = z
  .object({
    name: z.string(),
    datatype: z.enum(DATATYPES),
    shape: z.array(z.number().int()),
    data: z
      .array(z.union([z.number(), z.boolean(), z.string()]))
      .describe(
        'Flat, row-major. INT64/UINT64 as decimal strings, BYTES as base64, non-finite floats as "NaN", "Infinity", "-Infinity".',
      ),
  })
  .register(contractRegistry, { id: 'LoggedTensor', description: 'A tensor as logged.' });

export const loggedPredictionSchema = z
  .object({
    requestId: z.string(),
    time: timestampSchema.describe('When the request arrived.'),
    modelName: z.string(),
    modelVersion: z.string(),
    variant: z.string().optional().describe("The deployment's variant that served it."),
    latencyMs: z.number(),
    status: z.enum(PREDICTION_STATUSES as [PredictionStatus, ...PredictionStatus[]]),
    error: z.string().optional(),
    inputs: z.array(loggedTensorSchema),
    outputs: z.array(loggedTensorSchema).describe('Empty when the prediction failed.'),
    groundTruth: z
      .object({ label: z.unknown(), time: timestampSchema })
      .optional()
      .describe('The true outcome, when one was attached by request id.'),
  })
  .register(contractRegistry, {
    id: 'LoggedPrediction',
    description: 'One logged prediction with its inputs, outputs and ground truth.',
  });

/** Query-string times arrive as text. */
const timeQuerySchema = z.coerce.number().int().nonnegative();

export const searchPredictionsQuerySchema = z.object({
  version: z.string().min(1).optional().describe('Only predictions served by this model version.'),
  model: z
    .string()
    .min(1)
    .optional()
    .describe('Only predictions served by this registered model (with `version`: that version).'),
  from: timeQuerySchema
    .optional()
    .describe('Inclusive lower bound on prediction time, ms since the Unix epoch.'),
  to: timeQuerySchema
    .optional()
    .describe('Exclusive upper bound on prediction time, ms since the Unix epoch.'),
  maxResults: z.coerce
    .number()
    .int()
    .positive()
    .max(MAX_PREDICTION_SEARCH_RESULTS)
    .optional()
    .describe(
      `Predictions per page, at most ${MAX_PREDICTION_SEARCH_RESULTS} (default ${DEFAULT_PREDICTION_SEARCH_RESULTS}).`,
    ),
  pageToken: pageTokenSchema.optional(),
});

export const searchPredictionsResponseSchema = z
  .object({
    predictions: z.array(loggedPredictionSchema),
    nextPageToken: z.string().optional().describe('Present when older predictions may follow.'),
  })
  .register(contractRegistry, { id: 'SearchPredictionsResponse' });

export const predictionLogRoutes = {
  searchPredictions: defineRoute({
    operationId: 'searchPredictions',
    method: 'GET',
    path: '/api/v1/deployments/{name}/predictions/search',
    group: 'deployments',
    summary: 'The logged predictions of a deployment, newest first, a page at a time',
    description:
      'With inputs, outputs, the version that served each and its latency, status and ground truth; narrowed by model version and time range. Pages are stable while predictions arrive (keyset paging on time). For whole files use exportPredictions. Needs READ on the deployment.',
    params: z.object({ name: z.string().min(1) }),
    query: searchPredictionsQuerySchema,
    status: 200,
    response: searchPredictionsResponseSchema,
  }),
};

export type LoggedPredictionView = z.output<typeof loggedPredictionSchema>;
export type SearchPredictionsQuery = z.output<typeof searchPredictionsQuerySchema>;
