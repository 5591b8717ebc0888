import { Command, InvalidArgumentError } from 'commander';
import type { PipelineRun, PipelineRunStatus, PipelineStep } from '@slipway/core';
import type { CliIo } from '../cli-io.js';
import type { ActionFactory } from '../command-context.js';
import { clientCommand } from '../command-context.js';
import { parsePositiveInteger } from '../option-parsers.js';
import { fields, table, time } from '../output.js';
import { formatElapsed } from '../pipelines/durations.js';
import { followLogs } from '../pipelines/follow-logs.js';
import { pipelinesRunCommand } from './pipelines-run-command.js';

const RUN_STATUSES: readonly PipelineRunStatus[] = ['running', 'succeeded', 'failed', 'cancelled'];

export function pipelinesCommands(action: ActionFactory, io: CliIo): Command {
  const pipelines = new Command('pipelines').description(
    'Cached DAG pipelines: run a pipeline file, list runs, show steps and logs, cancel',
  );
  pipelines.addCommand(pipelinesRunCommand(action, io));

  clientCommand(pipelines.command('list'))
    .description('List pipelines with their number of runs and last run')
    .action(
      action<[], object>(async (t) => {
        const { pipelines: all } = await t.client.pipelines.listPipelines({ maxResults: 1000 });
        t.result({ pipelines: all }, () =>
          table(
            ['NAME', 'RUNS', 'LAST RUN', 'STATUS', 'CREATED'],
            all.map((p) => [
              p.name,
              String(p.runCount),
              p.lastRun.runId,
              p.lastRun.status,
              time(p.lastRun.createdAt),
            ]),
            'No pipelines.',
          ),
        );
      }),
    );

  clientCommand(pipelines.command('runs'))
    .description('List pipeline runs, newest first')
    .option('--pipeline <name>', 'only runs of this pipeline')
    .option(
      '--status <status>',
      `only runs in this state (${RUN_STATUSES.join(', ')})`,
      parseStatus,
    )
    .option('--max-results <n>', 'how many runs', parsePositiveInteger, 100)
    .action(
      action<[], { pipeline?: string; status?: PipelineRunStatus; maxResults: number }>(
        async (t, o) => {
          const { runs } = await t.client.pipelines.listRuns({
            ...(o.pipeline === undefined ? {} : { pipeline: o.pipeline }),
            ...(o.status === undefined ? {} : { status: o.status }),
            maxResults: o.maxResults,
          });
          t.result({ runs }, () =>
            table(
              ['RUN ID', 'PIPELINE', 'STATUS', 'STEPS', 'TRIGGER', 'CREATED', 'BY'],
              runs.map((r) => [
                r.runId,
                r.pipeline,
                r.status,
                Object.entries(r.stepCounts)
                  .map(([status, n]) => `${n} ${status}`)
                  .join(', '),
                r.trigger.detail === undefined
                  ? r.trigger.type
                  : `${r.trigger.type} (${r.trigger.detail})`,
                time(r.createdAt),
                r.createdBy,
              ]),
              'No runs.',
            ),
          );
        },
      ),
    );

  clientCommand(pipelines.command('get'))
    .description('Show a run: its steps with status, duration, cache key and what the key hashes')
    .argument('<run-id>', 'pipeline run id')
    .action(
      action<[string], object>(async (t, _o, runId) => {
        const run = await t.client.pipelines.getRun(runId);
        t.result({ run }, () => describeRun(run));
      }),
    );

  clientCommand(pipelines.command('logs'))
    .description("Print a step's log (stdout, stderr and the runner's notes)")
    .argument('<run-id>', 'pipeline run id')
    .argument('<step>', 'step key, e.g. train or train[0]')
    .option('-f, --follow', 'keep printing until the step has finished')
    .action(
      action<[string, string], { follow?: boolean }>(async (t, o, runId, step) => {
        const entries = await followLogs(t.client.pipelines, runId, step, {
          follow: o.follow === true,
          // Printed as they arrive; with --json they are printed once, at the end.
          onEntry: t.json ? undefined : (entry) => io.stdout.write(`${logLine(entry)}\n`),
        });
        if (t.json) t.result({ entries }, () => []);
      }),
    );

  clientCommand(pipelines.command('cancel'))
    .description('Cancel a run: steps not started are cancelled, running ones are stopped')
    .argument('<run-id>', 'pipeline run id')
    .action(
      action<[string], object>(async (t, _o, runId) => {
        const run = await t.client.pipelines.cancelRun(runId);
        t.result({ run }, () => [
          `Cancel requested for run ${runId} (${run.pipeline}): it is ${run.status}; running steps stop at their next heartbeat.`,
        ]);
      }),
    );

  return pipelines;
}

function parseStatus(value: string): PipelineRunStatus {
  if (!(RUN_STATUSES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`Expected one of ${RUN_STATUSES.join(', ')}.`);
  }
  return value as PipelineRunStatus;
}

function logLine(entry: { stream: string; text: string }): string {
  return entry.stream === 'system' ? `# ${entry.text}` : entry.text;
}

function describeRun(run: PipelineRun): string[] {
  const lines = fields([
    ['Run', run.runId],
    ['Pipeline', run.pipeline],
    [
      'Status',
      run.cancelRequested && run.status === 'running' ? 'running (cancelling)' : run.status,
    ],
    [
      'Trigger',
      run.trigger.detail === undefined
        ? run.trigger.type
        : `${run.trigger.type} (${run.trigger.detail})`,
    ],
    ...(run.resumeOf === undefined ? [] : ([['Resumes', run.resumeOf]] as Array<[string, string]>)),
    ['Params', JSON.stringify(run.params)],
    ['Created', `${time(run.createdAt)} by ${run.createdBy}`],
    ['Finished', time(run.finishedAt)],
  ]);
  lines.push(
    '',
    ...table(
      ['STEP', 'STATUS', 'ATTEMPTS', 'TOOK', 'CACHE KEY', 'NOTE'],
      run.steps.map((s) => [
        s.key,
        s.status,
        String(s.attempt),
        s.durationMs === undefined ? '-' : formatElapsed(s.durationMs),
        s.cacheKey ?? '-',
        note(s),
      ]),
    ),
  );
  for (const step of run.steps) {
    if (step.cacheParts === undefined) continue;
    const p = step.cacheParts;
    lines.push(
      '',
      `${step.key} cache key parts:`,
      `  command: ${p.command}`,
      `  workdir: ${p.workdir}`,
    );
    for (const [path, digest] of Object.entries(p.files)) lines.push(`  file ${path}: ${digest}`);
    for (const [name, value] of Object.entries(p.params)) {
      lines.push(`  param ${name}: ${JSON.stringify(value)}`);
    }
    for (const [key, digest] of Object.entries(p.inputs)) lines.push(`  input ${key}: ${digest}`);
    for (const [name, value] of Object.entries(p.env)) lines.push(`  env ${name}: ${value}`);
  }
  return lines;
}

function note(step: PipelineStep): string {
  if (step.cachedFrom !== undefined) {
    return `from ${step.cachedFrom.runId} ${step.cachedFrom.stepKey}`;
  }
  if (step.error !== undefined) return step.error;
  return step.exitCode === undefined ? '' : `exit ${step.exitCode}`;
}
