import { Command } from 'commander';
import type { PipelineRun } from '@slipway/core';
import type { SlipwayClient } from '@slipway/sdk';
import type { CliIo } from '../cli-io.js';
import type { ActionFactory } from '../command-context.js';
import { clientCommand, credentialsFromEnv } from '../command-context.js';
import { collect, parsePositiveInteger } from '../option-parsers.js';
import { table } from '../output.js';
import { formatElapsed } from '../pipelines/durations.js';
import { loadPipelineFile, parseParamFlags } from '../pipelines/load-pipeline-file.js';
import { sdkRecorder } from '../pipelines/pipeline-recorder.js';
import { runPipeline } from '../pipelines/run-pipeline.js';
import type { PipelineRunResult } from '../pipelines/run-pipeline.js';
import { progressLines } from '../pipelines/run-progress.js';
import { sdkTrackedRuns } from '../pipelines/tracked-runs.js';
import { collectCode } from '../pipelines/queue/code-package.js';
import { QueueExecutor } from '../pipelines/queue/queue-executor.js';
import { nonEmpty, queueLocation } from '../pipelines/queue/queue-location.js';
import { UsageError } from '../usage-error.js';

interface RunFlags {
  param?: string[];
  force?: boolean;
  resume?: string;
  parallel?: number;
  queue?: string;
  queuePrefix?: string;
  staleAfter?: number;
}

/** Steps in flight at once: here they share this machine; on a queue, the workers decide. */
const DEFAULT_PARALLEL = 2;
const DEFAULT_QUEUE_PARALLEL = 1000;
/** The server's default stale limit: a queued step's worker counts as lost after this. */
const DEFAULT_STALE_AFTER_MS = 60_000;

/**
 * `slipway pipelines run <file>`: plans the pipeline, records a run on the server and runs its
 * steps here as child processes. Progress and the steps' output go to stderr; stdout is the result.
 * Exits 1 when the run fails or is cancelled (SIGINT / SIGTERM cancel it).
 */
export function pipelinesRunCommand(action: ActionFactory, io: CliIo): Command {
  return clientCommand(new Command('run'))
    .description(
      'Run a pipeline file here (or on queue workers with --queue), reusing cached steps; live progress on stderr',
    )
    .argument('<file>', 'pipeline file: YAML, or a .js/.ts module exporting definePipeline(...)')
    .option('--param <key=value>', 'override a parameter (repeatable)', collect)
    .option('--force', 'run every step, even those whose cache key matches a succeeded step')
    .option('--resume <run-id>', 'rerun only the steps that failed or never ran in that run')
    .option(
      '--parallel <n>',
      `steps running at once (default ${DEFAULT_PARALLEL}; with --queue, ${DEFAULT_QUEUE_PARALLEL})`,
      parsePositiveInteger,
    )
    .option(
      '--queue <redis-url>',
      'run the steps on `slipway worker` processes through this Redis (default: $SLIPWAY_QUEUE)',
    )
    .option(
      '--queue-prefix <prefix>',
      'Redis key prefix of the queue (default: $SLIPWAY_QUEUE_PREFIX or slipway)',
    )
    .option(
      '--stale-after <ms>',
      "with --queue: how long a worker may go without a heartbeat before its step is given to another; the server's stale limit (default: $SLIPWAY_PIPELINE_STALE_AFTER_MS or 60000)",
      parsePositiveInteger,
    )
    .action(
      action<[string], RunFlags>(async (t, o, file) => {
        const recorder = sdkRecorder(t.client);
        const overrides = parseParamFlags(o.param ?? []);
        const resumeOf = o.resume === undefined ? undefined : await recorder.getRun(o.resume);
        // A resumed run keeps its params, unless changed now (which reruns what they reach).
        const loaded = await loadPipelineFile(
          file,
          overrides,
          resumeOf === undefined ? {} : paramOverrides(resumeOf.params),
        );
        if (resumeOf !== undefined && resumeOf.pipeline !== loaded.plan.name) {
          throw new UsageError(
            `Run ${resumeOf.runId} is a run of pipeline '${resumeOf.pipeline}', not '${loaded.plan.name}'.`,
          );
        }
        const write = (line: string) => io.stderr.write(`${line}\n`);
        const cancel = new AbortController();
        const onSignal = (signal: NodeJS.Signals) => {
          write(`${signal}: cancelling the run (again to quit at once)`);
          cancel.abort();
        };
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
        const queueUrl = o.queue ?? nonEmpty(io.env.SLIPWAY_QUEUE);
        const executor =
          queueUrl === undefined
            ? undefined
            : await openQueueExecutor(t.client, queueUrl, loaded.dir, o, io.env);
        let result: PipelineRunResult;
        try {
          result = await runPipeline({
            plan: loaded.plan,
            spec: loaded.spec,
            pipelineDir: loaded.dir,
            recorder,
            trackedRuns: (runId) => sdkTrackedRuns(t.client, loaded.plan.name, runId),
            serverUrl: t.client.baseUrl,
            credentials: credentialsFromEnv(io.env),
            baseEnv: io.env,
            parallel:
              o.parallel ?? (executor === undefined ? DEFAULT_PARALLEL : DEFAULT_QUEUE_PARALLEL),
            ...(executor === undefined ? {} : { executor }),
            force: o.force === true,
            resumeOf,
            signal: cancel.signal,
            events: progressLines(write),
          });
        } finally {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
          // runPipeline closes it; this covers a failure before it began.
          await executor?.close().catch(() => undefined);
        }
        t.result(
          {
            runId: result.runId,
            status: result.status,
            steps: result.steps.map((s) => ({
              name: s.key,
              status: s.status,
              cacheKey: s.cacheKey ?? null,
            })),
          },
          () => summary(result),
        );
        if (result.status !== 'succeeded') {
          throw new Error(`pipeline run ${result.runId} ${result.status}`);
        }
      }),
    );
}

/** The queue executor: the code collected (and size-checked) and Redis reached before the run. */
async function openQueueExecutor(
  client: SlipwayClient,
  url: string,
  pipelineDir: string,
  o: RunFlags,
  env: Record<string, string | undefined>,
): Promise<QueueExecutor> {
  const location = queueLocation(url, o.queuePrefix, env);
  const staleAfterMs = o.staleAfter ?? staleAfterFromEnv(env);
  const code = await collectCode(pipelineDir);
  // BullMQ and ioredis load only for a queued run.
  const { openStepQueue } = await import('../pipelines/queue/step-queue.js');
  const queue = await openStepQueue(location);
  return new QueueExecutor({
    queue,
    serverUrl: client.baseUrl,
    pipelines: client.pipelines,
    code,
    staleAfterMs,
  });
}

function staleAfterFromEnv(env: Record<string, string | undefined>): number {
  const text = nonEmpty(env.SLIPWAY_PIPELINE_STALE_AFTER_MS);
  if (text === undefined) return DEFAULT_STALE_AFTER_MS;
  if (!/^\d+$/u.test(text) || Number(text) < 1) {
    throw new UsageError(
      `SLIPWAY_PIPELINE_STALE_AFTER_MS must be a positive number of milliseconds, not '${text}'.`,
    );
  }
  return Number(text);
}

function summary(result: PipelineRunResult): string[] {
  const byKey = new Map(result.run.steps.map((s) => [s.key, s]));
  return [
    `Run ${result.runId} ${result.status}`,
    ...table(
      ['STEP', 'STATUS', 'TOOK', 'CACHE KEY'],
      result.steps.map((s) => {
        const took = byKey.get(s.key)?.durationMs;
        return [
          s.key,
          s.status,
          took === undefined || s.status === 'cached' ? '-' : formatElapsed(took),
          s.cacheKey?.slice(0, 16) ?? '-',
        ];
      }),
    ),
  ];
}

/** A run's params as `--param` texts, which planning turns back into the same values. */
function paramOverrides(params: PipelineRun['params']): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    overrides[name] = Array.isArray(value) ? JSON.stringify(value) : String(value);
  }
  return overrides;
}
