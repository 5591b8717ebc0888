import { z } from 'zod';
import { LOGGED_MODEL_STATUSES } from '../domain/logged-model.js';
import type { LoggedModelStatus } from '../domain/logged-model.js';
import { lifecycleStageSchema, tagSchema, timestampSchema, wireNumberSchema } from './common.js';
import { contractRegistry } from './registry.js';
import { defineRoute } from './route.js';
import { paramSchema } from './runs.js';

export const loggedModelMetricSchema = z
  .object({
    key: z.string(),
    value: wireNumberSchema,
    timestamp: timestampSchema,
    step: z.number().int(),
    modelId: z.string(),
    runId: z.string(),
    datasetName: z.string().optional(),
    datasetDigest: z.string().optional(),
  })
  .register(contractRegistry, { id: 'LoggedModelMetric' });

export const loggedModelSchema = z
  .object({
    modelId: z.string().describe('`m-` and 32 hex digits.'),
    experimentId: z.string(),
    name: z.string(),
    artifactLocation: z.string(),
    creationTimestamp: timestampSchema,
    lastUpdatedTimestamp: timestampSchema,
    status: z.enum(LOGGED_MODEL_STATUSES as [LoggedModelStatus, ...LoggedModelStatus[]]),
    lifecycleStage: lifecycleStageSchema,
    modelType: z.string().optional(),
    sourceRunId: z.string().optional(),
    statusMessage: z.string().optional(),
    tags: z.array(tagSchema),
    params: z.array(paramSchema),
    metrics: z.array(loggedModelMetricSchema),
  })
  .register(contractRegistry, {
    id: 'LoggedModel',
    description: "An MLflow 3 logged model (MLflow's LoggedModel).",
  });

export const runLoggedModelsResponseSchema = z
  .object({
    models: z
      .array(loggedModelSchema)
      .describe(
        'Models whose source run this is, and models the run recorded as outputs, oldest first.',
      ),
    outputs: z
      .array(z.object({ modelId: z.string(), step: z.number().int() }))
      .describe("The run's model outputs (MLflow's RunOutputs.model_outputs), with their steps."),
  })
  .register(contractRegistry, { id: 'RunLoggedModelsResponse' });

export const runLoggedModelRoutes = {
  listRunLoggedModels: defineRoute({
    operationId: 'listRunLoggedModels',
    method: 'GET',
    path: '/api/v1/runs/{runId}/logged-models',
    group: 'runs',
    summary: 'The MLflow 3 logged models a run produced',
    description: [
      "Models created with the run as their source run (in the run's experiment), and models the",
      'run logged as outputs (LogOutputs); deleted models are left out. Needs READ on the',
      "run's experiment; output models of experiments the caller cannot read are left out.",
    ].join(' '),
    params: z.object({ runId: z.string().min(1) }),
    status: 200,
    response: runLoggedModelsResponseSchema,
  }),
};

/** The logged models of a run, as the API answers them. */
export type RunLoggedModels = z.output<typeof runLoggedModelsResponseSchema>;
