import { z } from 'zod';
import { pageQueryShape, stringListQuerySchema } from './common.js';
import {
  appendPipelineLogsBodySchema,
  appendPipelineLogsResponseSchema,
  createPipelineRunBodySchema,
  finishPipelineStepBodySchema,
  finishPipelineStepResponseSchema,
  heartbeatPipelineStepBodySchema,
  heartbeatPipelineStepResponseSchema,
  listPipelineRunsResponseSchema,
  listPipelinesResponseSchema,
  pipelineCacheHitSchema,
  pipelineOutputSchema,
  pipelineRunResponseSchema,
  pipelineRunStatusSchema,
  pipelineStepKeySchema,
  pipelineStepResponseSchema,
  pipelineStepStateResponseSchema,
  pipelineStepsResponseSchema,
  readPipelineLogsResponseSchema,
  retryPipelineStepBodySchema,
  startPipelineStepBodySchema,
} from './pipeline-schemas.js';
import { defineRoute } from './route.js';

const GROUP = 'pipelines';
const RUN = '/api/v1/pipelines/runs/{runId}';
const STEP = `${RUN}/steps/{stepKey}` as const;

const runParams = z.object({ runId: z.string().min(1) });
const stepParams = runParams.extend({ stepKey: pipelineStepKeySchema });
const outputParams = stepParams.extend({ path: z.string() });
const seqQuery = z.coerce.number().int().min(0);

export const pipelineRoutes = {
  createPipelineRun: defineRoute({
    operationId: 'createPipelineRun',
    method: 'POST',
    path: '/api/v1/pipelines/runs',
    group: GROUP,
    summary: 'Record a new run of a planned pipeline, every step pending',
    description:
      'Step keys must be unique and `needs` must name steps of the run without a cycle. Needs EDIT on the pipeline, or creates it (its creator gets MANAGE).',
    body: createPipelineRunBodySchema,
    status: 200,
    response: pipelineRunResponseSchema,
  }),
  listPipelines: defineRoute({
    operationId: 'listPipelines',
    method: 'GET',
    path: '/api/v1/pipelines',
    group: GROUP,
    summary: 'List pipelines (by name) with their run count and last run',
    query: z.object({ ...pageQueryShape }),
    status: 200,
    response: listPipelinesResponseSchema,
  }),
  listPipelineRuns: defineRoute({
    operationId: 'listPipelineRuns',
    method: 'GET',
    path: '/api/v1/pipelines/runs',
    group: GROUP,
    summary: 'List runs, newest first',
    query: z.object({
      pipeline: z.string().min(1).optional(),
      status: pipelineRunStatusSchema.optional(),
      ...pageQueryShape,
    }),
    status: 200,
    response: listPipelineRunsResponseSchema,
  }),
  getPipelineRun: defineRoute({
    operationId: 'getPipelineRun',
    method: 'GET',
    path: RUN,
    group: GROUP,
    summary: 'Get a run and its steps',
    params: runParams,
    status: 200,
    response: pipelineRunResponseSchema,
  }),
  cancelPipelineRun: defineRoute({
    operationId: 'cancelPipelineRun',
    method: 'POST',
    path: `${RUN}/cancel`,
    group: GROUP,
    summary: 'Cancel a run',
    description:
      'Pending and queued steps are cancelled at once; running steps stop when their runner sees `cancelRequested` on its next heartbeat.',
    params: runParams,
    status: 200,
    response: pipelineRunResponseSchema,
  }),
  getPipelineStep: defineRoute({
    operationId: 'getPipelineStep',
    method: 'GET',
    path: STEP,
    group: GROUP,
    summary: "Get one step of a run with the run's status (without its other steps)",
    params: stepParams,
    status: 200,
    response: pipelineStepStateResponseSchema,
  }),
  listPipelineSteps: defineRoute({
    operationId: 'listPipelineSteps',
    method: 'GET',
    path: `${RUN}/steps`,
    group: GROUP,
    summary: "Get the named steps of a run with the run's status",
    description:
      'Repeat `key` for each step (at most 500); steps the run does not have are left out. Costs in proportion to the steps asked for, not to the run.',
    params: runParams,
    query: z.object({
      key: stringListQuerySchema.describe('A step key; repeat for more (1 to 500).'),
    }),
    status: 200,
    response: pipelineStepsResponseSchema,
  }),
  queuePipelineStep: defineRoute({
    operationId: 'queuePipelineStep',
    method: 'POST',
    path: `${STEP}/queue`,
    group: GROUP,
    summary: 'Mark a pending step queued (handed to a queue of workers)',
    params: stepParams,
    status: 200,
    response: pipelineStepResponseSchema,
  }),
  startPipelineStep: defineRoute({
    operationId: 'startPipelineStep',
    method: 'POST',
    path: `${STEP}/start`,
    group: GROUP,
    summary: 'Start an attempt of a step',
    description:
      'From pending or queued, or from running when its heartbeat is older than the stale limit (its worker is presumed lost). 409 when the run was cancelled, the step is finished or another worker runs it; 412 when a step it needs has not succeeded.',
    params: stepParams,
    body: startPipelineStepBodySchema,
    status: 200,
    response: pipelineStepResponseSchema,
  }),
  heartbeatPipelineStep: defineRoute({
    operationId: 'heartbeatPipelineStep',
    method: 'POST',
    path: `${STEP}/heartbeat`,
    group: GROUP,
    summary: 'Report a running step alive; answers whether the run was cancelled',
    params: stepParams,
    body: heartbeatPipelineStepBodySchema,
    status: 200,
    response: heartbeatPipelineStepResponseSchema,
  }),
  retryPipelineStep: defineRoute({
    operationId: 'retryPipelineStep',
    method: 'POST',
    path: `${STEP}/retry`,
    group: GROUP,
    summary: 'Record a failed attempt that another will follow (running -> queued)',
    params: stepParams,
    body: retryPipelineStepBodySchema,
    status: 200,
    response: pipelineStepResponseSchema,
  }),
  finishPipelineStep: defineRoute({
    operationId: 'finishPipelineStep',
    method: 'POST',
    path: `${STEP}/finish`,
    group: GROUP,
    summary: 'Finish a step; the run finishes with its last step',
    description:
      'succeeded needs `outputs` (possibly empty) whose blobs were uploaded; cached copies the outputs of `cachedFrom`.',
    params: stepParams,
    body: finishPipelineStepBodySchema,
    status: 200,
    response: finishPipelineStepResponseSchema,
  }),
  uploadPipelineOutput: defineRoute({
    operationId: 'uploadPipelineOutput',
    method: 'PUT',
    path: `${STEP}/outputs/{path*}`,
    group: GROUP,
    summary: 'Store one output file of a step (raw body, streamed)',
    description:
      'Stored once under its sha256 (pipelines/blobs/<sha256> in the artifact store). With `digest`, the content is checked against it while it streams and nothing is kept on a mismatch. Record the outputs with the finish call.',
    params: outputParams,
    query: z.object({
      digest: z
        .string()
        .regex(/^[0-9a-f]{64}$/u, 'a sha256 digest: 64 lowercase hex digits')
        .optional(),
    }),
    body: 'binary',
    status: 200,
    response: pipelineOutputSchema,
  }),
  downloadPipelineOutput: defineRoute({
    operationId: 'downloadPipelineOutput',
    method: 'GET',
    path: `${STEP}/outputs/{path*}`,
    group: GROUP,
    summary: 'Download a recorded output file of a step',
    params: outputParams,
    status: 200,
    response: 'binary',
  }),
  findPipelineCache: defineRoute({
    operationId: 'findPipelineCache',
    method: 'GET',
    path: '/api/v1/pipelines/cache/{cacheKey}',
    group: GROUP,
    summary: 'The newest succeeded step with a cache key (404 when none)',
    params: z.object({ cacheKey: z.string().min(1).max(256) }),
    query: z.object({
      ttlSeconds: z.coerce
        .number()
        .int()
        .min(0)
        .optional()
        .describe('Only steps that finished at most this long ago.'),
    }),
    status: 200,
    response: pipelineCacheHitSchema,
  }),
  appendPipelineStepLogs: defineRoute({
    operationId: 'appendPipelineStepLogs',
    method: 'POST',
    path: `${STEP}/logs`,
    group: GROUP,
    summary: "Append lines to a step's log",
    description:
      'At most 1 MiB of text per call; a step keeps at most 16 MiB, then one truncation marker, and drops the rest.',
    params: stepParams,
    body: appendPipelineLogsBodySchema,
    status: 200,
    response: appendPipelineLogsResponseSchema,
  }),
  readPipelineStepLogs: defineRoute({
    operationId: 'readPipelineStepLogs',
    method: 'GET',
    path: `${STEP}/logs`,
    group: GROUP,
    summary: "Read a step's log after a sequence number",
    params: stepParams,
    query: z.object({
      after: seqQuery.optional().describe('Entries with a larger seq (default 0: from the start).'),
      limit: z.coerce.number().int().min(1).max(10_000).optional(),
    }),
    status: 200,
    response: readPipelineLogsResponseSchema,
  }),
};
