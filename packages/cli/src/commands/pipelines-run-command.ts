import { Command } from 'commander';
import type { PipelineRun } from '@slipway/core';
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
import { UsageError } from '../usage-error.js';

interface RunFlags {
  param?: string[];
  force?: boolean;
  resume?: string;
  parallel: number;
}

/**
 * `slipway pipelines run <file>`: plans the pipeline, records a run on the server and runs its
 * steps here as child processes. Progress and the steps' output go to stderr; stdout is the result.
 * Exits 1 when the run fails or is cancelled (SIGINT / SIGTERM cancel it).
 */
export function pipelinesRunCommand(action: ActionFactory, io: CliIo): Command {
  return clientCommand(new Command('run'))
    .description('Run a pipeline file here, reusing cached steps; live progress on stderr')
    .argument('<file>', 'pipeline file: YAML, or a .js/.ts module exporting definePipeline(...)')
    .option('--param <key=value>', 'override a parameter (repeatable)', collect)
    .option('--force', 'run every step, even those whose cache key matches a succeeded step')
    .option('--resume <run-id>', 'rerun only the steps that failed or never ran in that run')
    .option('--parallel <n>', 'steps running at once', parsePositiveInteger, 2)
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
            parallel: o.parallel,
            force: o.force === true,
            resumeOf,
            signal: cancel.signal,
            events: progressLines(write),
          });
        } finally {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
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
