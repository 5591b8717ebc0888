import { z } from 'zod';
import { viewTypeSchema } from './common.js';
import { contractRegistry } from './registry.js';
import { defineRoute } from './route.js';

export const experimentKeysResponseSchema = z
  .object({
    params: z.array(z.string()),
    metrics: z.array(z.string()),
    tags: z.array(z.string()).describe("Tag keys, without MLflow's system tags (`mlflow.*`)."),
    systemTags: z
      .array(z.string())
      .describe('The `mlflow.*` tag keys (run name, user, source, logged models...).'),
  })
  .register(contractRegistry, {
    id: 'ExperimentKeysResponse',
    description: 'Distinct keys over the runs of an experiment, each list sorted.',
  });

export const experimentKeysRoutes = {
  getExperimentKeys: defineRoute({
    operationId: 'getExperimentKeys',
    method: 'GET',
    path: '/api/v1/experiments/{experimentId}/keys',
    group: 'experiments',
    summary: "The param, metric and tag keys of an experiment's runs (table columns)",
    description: [
      'Every key logged to a run of the experiment in the lifecycle stages of `viewType`',
      '(default ACTIVE_ONLY, as searching runs). Tag keys starting with `mlflow.` are',
      "MLflow's system tags and come apart in `systemTags`; each list is sorted by code unit.",
    ].join(' '),
    params: z.object({ experimentId: z.string().min(1) }),
    query: z.object({ viewType: viewTypeSchema.optional() }),
    status: 200,
    response: experimentKeysResponseSchema,
  }),
};

/** The keys of an experiment's runs, as the API answers them. */
export type ExperimentKeys = z.output<typeof experimentKeysResponseSchema>;
