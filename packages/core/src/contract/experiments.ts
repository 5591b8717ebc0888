import { z } from 'zod';
import {
  lifecycleStageSchema,
  pageQueryShape,
  setTagBodySchema,
  stringListQuerySchema,
  tagKeyParamSchema,
  tagSchema,
  timestampSchema,
  viewTypeSchema,
} from './common.js';
import { contractRegistry } from './registry.js';
import { defineRoute } from './route.js';

export const experimentSchema = z
  .object({
    experimentId: z.string().describe('Decimal id; "0" is the Default experiment.'),
    name: z.string(),
    artifactLocation: z.string(),
    lifecycleStage: lifecycleStageSchema,
    creationTime: timestampSchema,
    lastUpdateTime: timestampSchema,
    tags: z.array(tagSchema),
  })
  .register(contractRegistry, { id: 'Experiment', description: 'An experiment: a group of runs.' });

export const createExperimentBodySchema = z
  .object({
    name: z.string(),
    artifactLocation: z.string().optional(),
    tags: z.array(tagSchema).optional(),
  })
  .register(contractRegistry, { id: 'CreateExperimentRequest' });

export const renameExperimentBodySchema = z
  .object({ name: z.string().describe('The new name.') })
  .register(contractRegistry, { id: 'RenameExperimentRequest' });

export const experimentResponseSchema = z
  .object({ experiment: experimentSchema })
  .register(contractRegistry, { id: 'ExperimentResponse' });

export const searchExperimentsResponseSchema = z
  .object({
    experiments: z.array(experimentSchema),
    nextPageToken: z.string().optional(),
  })
  .register(contractRegistry, { id: 'SearchExperimentsResponse' });

const experimentIdParams = z.object({ experimentId: z.string().min(1) });
const experimentTagParams = z.object({ experimentId: z.string().min(1), key: tagKeyParamSchema });

const GROUP = 'experiments';

export const experimentRoutes = {
  createExperiment: defineRoute({
    operationId: 'createExperiment',
    method: 'POST',
    path: '/api/v1/experiments',
    group: GROUP,
    summary: 'Create an experiment',
    body: createExperimentBodySchema,
    status: 201,
    response: experimentResponseSchema,
  }),
  searchExperiments: defineRoute({
    operationId: 'searchExperiments',
    method: 'GET',
    path: '/api/v1/experiments',
    group: GROUP,
    summary: 'List or search experiments',
    description:
      "`filter` uses MLflow's search syntax (`name LIKE 'fraud%' AND tags.team = 'risk'`); repeat `orderBy` for several sort keys.",
    query: z.object({
      filter: z.string().optional(),
      orderBy: stringListQuerySchema.optional(),
      viewType: viewTypeSchema.optional(),
      ...pageQueryShape,
    }),
    status: 200,
    response: searchExperimentsResponseSchema,
  }),
  getExperimentByName: defineRoute({
    operationId: 'getExperimentByName',
    method: 'GET',
    path: '/api/v1/experiments/by-name',
    group: GROUP,
    summary: 'Get an experiment by its name',
    query: z.object({ name: z.string().min(1) }),
    status: 200,
    response: experimentResponseSchema,
  }),
  getExperiment: defineRoute({
    operationId: 'getExperiment',
    method: 'GET',
    path: '/api/v1/experiments/{experimentId}',
    group: GROUP,
    summary: 'Get an experiment',
    params: experimentIdParams,
    status: 200,
    response: experimentResponseSchema,
  }),
  renameExperiment: defineRoute({
    operationId: 'renameExperiment',
    method: 'PATCH',
    path: '/api/v1/experiments/{experimentId}',
    group: GROUP,
    summary: 'Rename an experiment',
    params: experimentIdParams,
    body: renameExperimentBodySchema,
    status: 200,
    response: experimentResponseSchema,
  }),
  deleteExperiment: defineRoute({
    operationId: 'deleteExperiment',
    method: 'DELETE',
    path: '/api/v1/experiments/{experimentId}',
    group: GROUP,
    summary: 'Delete an experiment (soft: it can be restored)',
    params: experimentIdParams,
    status: 204,
  }),
  restoreExperiment: defineRoute({
    operationId: 'restoreExperiment',
    method: 'POST',
    path: '/api/v1/experiments/{experimentId}/restore',
    group: GROUP,
    summary: 'Restore a deleted experiment',
    params: experimentIdParams,
    status: 204,
  }),
  setExperimentTag: defineRoute({
    operationId: 'setExperimentTag',
    method: 'PUT',
    path: '/api/v1/experiments/{experimentId}/tags/{key}',
    group: GROUP,
    summary: 'Set a tag on an experiment',
    params: experimentTagParams,
    body: setTagBodySchema,
    status: 204,
  }),
  deleteExperimentTag: defineRoute({
    operationId: 'deleteExperimentTag',
    method: 'DELETE',
    path: '/api/v1/experiments/{experimentId}/tags/{key}',
    group: GROUP,
    summary: 'Delete a tag of an experiment',
    params: experimentTagParams,
    status: 204,
  }),
};
