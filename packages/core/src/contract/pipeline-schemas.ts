import { z } from 'zod';
import { PIPELINE_LOG_STREAMS, PIPELINE_TRIGGER_TYPES } from '../domain/pipeline-run.js';
import { MAX_PLANNED_STEPS } from '../pipelines/pipeline-plan.js';
import { timestampSchema } from './common.js';
import { contractRegistry } from './registry.js';

const digestSchema = z
  .string()
  .regex(/^[0-9a-f]{64}$/u, 'a sha256 digest: 64 lowercase hex digits')
  .describe('sha256 of the content, hex.');

const scalarSchema = z.union([z.string(), z.number(), z.boolean()]);

export const pipelineParamValueSchema = z
  .union([scalarSchema, z.array(scalarSchema).readonly()])
  .register(contractRegistry, {
    id: 'PipelineParamValue',
    description: 'A parameter value: a string, number or boolean, or a list of them.',
  });

const paramsSchema = z.record(z.string(), pipelineParamValueSchema);

export const pipelineStepStatusSchema = z
  .enum(['pending', 'queued', 'running', 'succeeded', 'cached', 'failed', 'skipped', 'cancelled'])
  .register(contractRegistry, { id: 'PipelineStepStatus' });

export const pipelineRunStatusSchema = z
  .enum(['running', 'succeeded', 'failed', 'cancelled'])
  .register(contractRegistry, { id: 'PipelineRunStatus' });

/** Step keys travel as one URL path segment: no '/', no control characters. */
export const pipelineStepKeySchema = z
  .string()
  .regex(/^[^/\p{Cc}]{1,512}$/u, "1-512 characters, without '/' or control characters")
  .describe("The step's name, or `name[i]` for instance i of a fan-out.");

export const cacheKeyPartsSchema = z
  .object({
    command: z.string(),
    workdir: z.string(),
    files: z.record(z.string(), z.string()).describe('Path -> sha256 of its content.'),
    params: paramsSchema,
    inputs: z.record(z.string(), z.string()).describe("Needed step key -> its outputs' digest."),
    env: z.record(z.string(), z.string()),
  })
  .register(contractRegistry, {
    id: 'PipelineCacheKeyParts',
    description: "What a step's cache key is the hash of.",
  });

const cacheKeySchema = z.string().min(1).max(256);
const workerSchema = z.string().min(1).max(256).describe('Who runs the step (host, process).');

export const plannedStepSchema = z
  .object({
    key: pipelineStepKeySchema,
    name: z.string().min(1).max(256),
    index: z.number().int().min(0).optional(),
    item: pipelineParamValueSchema.optional(),
    needs: z.array(pipelineStepKeySchema).default([]),
    command: z.string(),
    workdir: z.string().default('.'),
    env: z.record(z.string(), z.string()).default({}),
    files: z.array(z.string()).default([]),
    params: paramsSchema.default({}),
    retries: z.number().int().min(0).max(100).default(0),
    retryDelayMs: z.number().int().min(0).default(1000),
    timeoutMs: z.number().int().positive().optional(),
    cache: z
      .object({ enabled: z.boolean(), ttlMs: z.number().int().min(0).optional() })
      .default({ enabled: true }),
    interpreter: z.string().optional(),
  })
  .register(contractRegistry, {
    id: 'PlannedPipelineStep',
    description: 'A step of a planned run: command, needs, environment, retries and caching.',
  });

export const pipelineOutputSchema = z
  .object({
    path: z.string().min(1),
    digest: digestSchema,
    size: z.number().int().min(0),
  })
  .register(contractRegistry, {
    id: 'PipelineOutput',
    description: "One file of a step's outputs, stored under its sha256.",
  });

export const pipelineStepRefSchema = z
  .object({ runId: z.string().min(1), stepKey: pipelineStepKeySchema })
  .register(contractRegistry, { id: 'PipelineStepRef' });

export const pipelineStepSchema = plannedStepSchema
  .extend({
    status: pipelineStepStatusSchema,
    attempt: z.number().int(),
    cacheKey: z.string().optional(),
    cacheParts: cacheKeyPartsSchema.optional(),
    cachedFrom: pipelineStepRefSchema.optional(),
    outputs: z.array(pipelineOutputSchema),
    outputsDigest: digestSchema.optional(),
    exitCode: z.number().int().optional(),
    error: z.string().optional(),
    worker: z.string().optional(),
    trackedRunId: z.string().optional(),
    startedAt: timestampSchema.optional(),
    finishedAt: timestampSchema.optional(),
    heartbeatAt: timestampSchema.optional(),
    durationMs: z.number().int().optional(),
  })
  .register(contractRegistry, { id: 'PipelineStep', description: 'A step of a pipeline run.' });

export const pipelineTriggerSchema = z
  .object({ type: z.enum(PIPELINE_TRIGGER_TYPES), detail: z.string().max(1000).optional() })
  .register(contractRegistry, { id: 'PipelineTrigger', description: 'What started a run.' });

const runInfoShape = {
  runId: z.string(),
  pipeline: z.string(),
  status: pipelineRunStatusSchema,
  params: paramsSchema,
  spec: z.record(z.string(), z.unknown()),
  trigger: pipelineTriggerSchema,
  resumeOf: z.string().optional(),
  createdBy: z.string(),
  createdAt: timestampSchema,
  startedAt: timestampSchema.optional(),
  finishedAt: timestampSchema.optional(),
  cancelRequested: z.boolean(),
};

export const pipelineRunSchema = z
  .object({ ...runInfoShape, steps: z.array(pipelineStepSchema) })
  .register(contractRegistry, {
    id: 'PipelineRun',
    description: 'A run of a pipeline and its steps in plan order.',
  });

export const pipelineRunSummarySchema = z
  .object({
    ...runInfoShape,
    stepCounts: z.partialRecord(pipelineStepStatusSchema, z.number().int()),
  })
  .register(contractRegistry, {
    id: 'PipelineRunSummary',
    description: 'A run without its steps, which are counted by status.',
  });

export const pipelineSummarySchema = z
  .object({
    name: z.string(),
    runCount: z.number().int(),
    lastRun: z.object({
      runId: z.string(),
      status: pipelineRunStatusSchema,
      createdAt: timestampSchema,
    }),
  })
  .register(contractRegistry, { id: 'PipelineSummary' });

export const pipelineCacheHitSchema = z
  .object({
    runId: z.string(),
    stepKey: z.string(),
    outputs: z.array(pipelineOutputSchema),
    outputsDigest: digestSchema,
    finishedAt: timestampSchema,
  })
  .register(contractRegistry, {
    id: 'PipelineCacheHit',
    description: 'The newest succeeded step with a cache key, whose outputs may be reused.',
  });

export const pipelineLogEntrySchema = z
  .object({
    seq: z.number().int(),
    stream: z.enum(PIPELINE_LOG_STREAMS),
    text: z.string(),
    at: timestampSchema,
  })
  .register(contractRegistry, { id: 'PipelineLogEntry' });

export const createPipelineRunBodySchema = z
  .object({
    pipeline: z.string().min(1),
    spec: z.record(z.string(), z.unknown()).default({}),
    params: paramsSchema.default({}),
    steps: z.array(plannedStepSchema).min(1).max(MAX_PLANNED_STEPS),
    trigger: pipelineTriggerSchema.default({ type: 'api' }),
    resumeOf: z.string().min(1).optional(),
  })
  .register(contractRegistry, { id: 'CreatePipelineRunRequest' });

export const startPipelineStepBodySchema = z
  .object({
    worker: workerSchema,
    cacheKey: cacheKeySchema.optional(),
    cacheParts: cacheKeyPartsSchema.optional(),
    trackedRunId: z.string().min(1).max(64).optional(),
  })
  .register(contractRegistry, { id: 'StartPipelineStepRequest' });

export const heartbeatPipelineStepBodySchema = z
  .object({ worker: workerSchema })
  .register(contractRegistry, { id: 'PipelineStepHeartbeatRequest' });

export const retryPipelineStepBodySchema = z
  .object({ worker: workerSchema, error: z.string().max(65_536) })
  .register(contractRegistry, { id: 'RetryPipelineStepRequest' });

export const finishPipelineStepBodySchema = z
  .object({
    worker: workerSchema.optional(),
    status: z.enum(['succeeded', 'failed', 'cached', 'skipped', 'cancelled']),
    exitCode: z.number().int().optional(),
    error: z.string().max(65_536).optional(),
    outputs: z
      .array(pipelineOutputSchema)
      .max(100_000)
      .optional()
      .describe('Required (possibly empty) for succeeded: each blob uploaded first.'),
    cacheKey: cacheKeySchema.optional(),
    cacheParts: cacheKeyPartsSchema.optional(),
    cachedFrom: pipelineStepRefSchema
      .optional()
      .describe('Required for cached: the succeeded step whose outputs are reused.'),
  })
  .register(contractRegistry, { id: 'FinishPipelineStepRequest' });

export const appendPipelineLogsBodySchema = z
  .object({
    entries: z
      .array(z.object({ stream: z.enum(PIPELINE_LOG_STREAMS), text: z.string() }))
      .min(1)
      .max(10_000),
  })
  .register(contractRegistry, { id: 'AppendPipelineLogsRequest' });

export const pipelineRunResponseSchema = z
  .object({ run: pipelineRunSchema })
  .register(contractRegistry, { id: 'PipelineRunResponse' });

export const pipelineStepResponseSchema = z
  .object({ step: pipelineStepSchema })
  .register(contractRegistry, { id: 'PipelineStepResponse' });

/** One step with what a worker needs to know of its run, without the run's other steps. */
export const pipelineStepStateResponseSchema = z
  .object({
    step: pipelineStepSchema,
    pipeline: z.string().describe('The name of the pipeline the run belongs to.'),
    runStatus: pipelineRunStatusSchema,
    cancelRequested: z.boolean(),
  })
  .register(contractRegistry, { id: 'PipelineStepStateResponse' });

/** Some steps of a run (those asked for that exist, in plan order) and the run's state. */
export const pipelineStepsResponseSchema = z
  .object({
    steps: z.array(pipelineStepSchema),
    runStatus: pipelineRunStatusSchema,
    cancelRequested: z.boolean(),
  })
  .register(contractRegistry, { id: 'PipelineStepsResponse' });

export const finishPipelineStepResponseSchema = z
  .object({
    step: pipelineStepSchema,
    runStatus: pipelineRunStatusSchema.describe('The run status after this step finished.'),
  })
  .register(contractRegistry, { id: 'FinishPipelineStepResponse' });

export const heartbeatPipelineStepResponseSchema = z
  .object({ cancelRequested: z.boolean() })
  .register(contractRegistry, { id: 'PipelineStepHeartbeatResponse' });

export const listPipelinesResponseSchema = z
  .object({ pipelines: z.array(pipelineSummarySchema), nextPageToken: z.string().optional() })
  .register(contractRegistry, { id: 'ListPipelinesResponse' });

export const listPipelineRunsResponseSchema = z
  .object({ runs: z.array(pipelineRunSummarySchema), nextPageToken: z.string().optional() })
  .register(contractRegistry, { id: 'ListPipelineRunsResponse' });

export const appendPipelineLogsResponseSchema = z
  .object({
    appended: z.number().int().describe('Entries kept (whole or cut at the limit).'),
    truncated: z.boolean().describe("True once the step's log reached its limit."),
  })
  .register(contractRegistry, { id: 'AppendPipelineLogsResponse' });

export const readPipelineLogsResponseSchema = z
  .object({
    entries: z.array(pipelineLogEntrySchema),
    nextSeq: z
      .number()
      .int()
      .describe('Pass as `after` to read on: the last seq returned, or `after` when none.'),
    truncated: z.boolean(),
  })
  .register(contractRegistry, { id: 'ReadPipelineLogsResponse' });
