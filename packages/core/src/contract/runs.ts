import { z } from 'zod';
import { RUN_STATUSES } from '../domain/run.js';
import type { RunStatus } from '../domain/run.js';
import {
  lifecycleStageSchema,
  pageQueryShape,
  setTagBodySchema,
  tagKeyParamSchema,
  tagSchema,
  timestampSchema,
  viewTypeSchema,
  wireNumberSchema,
} from './common.js';
import { contractRegistry } from './registry.js';
import { defineRoute } from './route.js';

export const runStatusSchema = z.enum(RUN_STATUSES as [RunStatus, ...RunStatus[]]);

export const metricSchema = z
  .object({
    key: z.string(),
    value: wireNumberSchema,
    timestamp: timestampSchema,
    step: z.number().int(),
  })
  .register(contractRegistry, { id: 'Metric', description: 'One logged metric value.' });

export const paramSchema = z
  .object({ key: z.string(), value: z.string() })
  .register(contractRegistry, { id: 'Param' });

export const datasetSchema = z
  .object({
    name: z.string(),
    digest: z.string(),
    sourceType: z.string(),
    source: z.string(),
    schema: z.string().optional(),
    profile: z.string().optional(),
  })
  .register(contractRegistry, { id: 'Dataset' });

export const datasetInputSchema = z
  .object({ tags: z.array(tagSchema), dataset: datasetSchema })
  .register(contractRegistry, { id: 'DatasetInput' });

export const runInfoSchema = z
  .object({
    runId: z.string(),
    runName: z.string(),
    experimentId: z.string(),
    userId: z.string(),
    status: runStatusSchema,
    startTime: timestampSchema,
    endTime: timestampSchema.optional(),
    artifactUri: z.string(),
    lifecycleStage: lifecycleStageSchema,
  })
  .register(contractRegistry, { id: 'RunInfo' });

export const runSchema = z
  .object({
    info: runInfoSchema,
    data: z.object({
      metrics: z.array(metricSchema).describe('Latest value per metric key.'),
      params: z.array(paramSchema),
      tags: z.array(tagSchema),
    }),
    inputs: z.object({ datasetInputs: z.array(datasetInputSchema) }),
  })
  .register(contractRegistry, { id: 'Run' });

export const createRunBodySchema = z
  .object({
    experimentId: z.string().optional().describe('Defaults to the Default experiment ("0").'),
    runName: z.string().optional().describe('Generated when absent.'),
    userId: z.string().optional().describe('Defaults to the caller.'),
    startTime: timestampSchema.optional(),
    tags: z.array(tagSchema).optional(),
  })
  .register(contractRegistry, { id: 'CreateRunRequest' });

export const updateRunBodySchema = z
  .object({
    status: runStatusSchema.optional(),
    endTime: timestampSchema.optional(),
    runName: z.string().optional(),
  })
  .register(contractRegistry, { id: 'UpdateRunRequest' });

/** Metric entries as logged: `step` defaults to 0 as in MLflow. */
export const logMetricSchema = z
  .object({
    key: z.string(),
    value: wireNumberSchema,
    timestamp: timestampSchema,
    step: z.number().int().default(0),
  })
  .register(contractRegistry, { id: 'LogMetric' });

export const logBatchBodySchema = z
  .object({
    metrics: z.array(logMetricSchema).optional(),
    params: z.array(paramSchema).optional(),
    tags: z.array(tagSchema).optional(),
  })
  .register(contractRegistry, {
    id: 'LogBatchRequest',
    description:
      'At most 1000 metrics, 100 params and 100 tags, 1000 entries in all. Written atomically.',
  });

export const setParamBodySchema = z
  .object({ value: z.string() })
  .register(contractRegistry, { id: 'SetParamRequest' });

export const logInputsBodySchema = z
  .object({ datasetInputs: z.array(datasetInputSchema) })
  .register(contractRegistry, { id: 'LogInputsRequest' });

export const searchRunsBodySchema = z
  .object({
    experimentIds: z.array(z.string()).min(1),
    filter: z.string().optional(),
    orderBy: z.array(z.string()).optional(),
    viewType: viewTypeSchema.optional(),
    maxResults: z.number().int().positive().optional(),
    pageToken: z.string().optional(),
    /** Runs' info only, without metrics, params, tags and inputs. */
    runInfoOnly: z.boolean().optional(),
  })
  .register(contractRegistry, { id: 'SearchRunsRequest' });

export const runResponseSchema = z
  .object({ run: runSchema })
  .register(contractRegistry, { id: 'RunResponse' });

export const runInfoResponseSchema = z
  .object({ runInfo: runInfoSchema })
  .register(contractRegistry, { id: 'RunInfoResponse' });

export const searchRunsResponseSchema = z
  .object({ runs: z.array(runSchema), nextPageToken: z.string().optional() })
  .register(contractRegistry, { id: 'SearchRunsResponse' });

export const metricHistoryResponseSchema = z
  .object({ metrics: z.array(metricSchema), nextPageToken: z.string().optional() })
  .register(contractRegistry, { id: 'MetricHistoryResponse' });

const runIdParams = z.object({ runId: z.string().min(1) });
const runKeyParams = z.object({ runId: z.string().min(1), key: tagKeyParamSchema });

const GROUP = 'runs';

export const runRoutes = {
  createRun: defineRoute({
    operationId: 'createRun',
    method: 'POST',
    path: '/api/v1/runs',
    group: GROUP,
    summary: 'Start a run',
    body: createRunBodySchema,
    status: 201,
    response: runResponseSchema,
  }),
  searchRuns: defineRoute({
    operationId: 'searchRuns',
    method: 'POST',
    path: '/api/v1/runs/search',
    group: GROUP,
    summary: 'Search runs in one or more experiments',
    body: searchRunsBodySchema,
    status: 200,
    response: searchRunsResponseSchema,
  }),
  getRun: defineRoute({
    operationId: 'getRun',
    method: 'GET',
    path: '/api/v1/runs/{runId}',
    group: GROUP,
    summary: 'Get a run with its latest metrics, params, tags and inputs',
    params: runIdParams,
    status: 200,
    response: runResponseSchema,
  }),
  updateRun: defineRoute({
    operationId: 'updateRun',
    method: 'PATCH',
    path: '/api/v1/runs/{runId}',
    group: GROUP,
    summary: 'Change the status, end time or name of a run',
    description: 'A terminal status without `endTime` sets the end time to now.',
    params: runIdParams,
    body: updateRunBodySchema,
    status: 200,
    response: runInfoResponseSchema,
  }),
  deleteRun: defineRoute({
    operationId: 'deleteRun',
    method: 'DELETE',
    path: '/api/v1/runs/{runId}',
    group: GROUP,
    summary: 'Delete a run (soft: it can be restored)',
    params: runIdParams,
    status: 204,
  }),
  restoreRun: defineRoute({
    operationId: 'restoreRun',
    method: 'POST',
    path: '/api/v1/runs/{runId}/restore',
    group: GROUP,
    summary: 'Restore a deleted run',
    params: runIdParams,
    status: 204,
  }),
  setRunTag: defineRoute({
    operationId: 'setRunTag',
    method: 'PUT',
    path: '/api/v1/runs/{runId}/tags/{key}',
    group: GROUP,
    summary: 'Set a tag on a run',
    params: runKeyParams,
    body: setTagBodySchema,
    status: 204,
  }),
  deleteRunTag: defineRoute({
    operationId: 'deleteRunTag',
    method: 'DELETE',
    path: '/api/v1/runs/{runId}/tags/{key}',
    group: GROUP,
    summary: 'Delete a tag of a run',
    params: runKeyParams,
    status: 204,
  }),
  logParam: defineRoute({
    operationId: 'logParam',
    method: 'PUT',
    path: '/api/v1/runs/{runId}/params/{key}',
    group: GROUP,
    summary: 'Log a param',
    description: 'Params are write-once: logging the same value again is accepted, another is not.',
    params: runKeyParams,
    body: setParamBodySchema,
    status: 204,
  }),
  logBatch: defineRoute({
    operationId: 'logBatch',
    method: 'POST',
    path: '/api/v1/runs/{runId}/log-batch',
    group: GROUP,
    summary: 'Log metrics, params and tags in one atomic write',
    params: runIdParams,
    body: logBatchBodySchema,
    status: 204,
  }),
  getMetricHistory: defineRoute({
    operationId: 'getMetricHistory',
    method: 'GET',
    path: '/api/v1/runs/{runId}/metrics/{key}/history',
    group: GROUP,
    summary: 'Every logged value of one metric, by step then timestamp',
    params: runKeyParams,
    query: z.object(pageQueryShape),
    status: 200,
    response: metricHistoryResponseSchema,
  }),
  logInputs: defineRoute({
    operationId: 'logInputs',
    method: 'POST',
    path: '/api/v1/runs/{runId}/inputs',
    group: GROUP,
    summary: 'Record the datasets a run used',
    params: runIdParams,
    body: logInputsBodySchema,
    status: 204,
  }),
};
