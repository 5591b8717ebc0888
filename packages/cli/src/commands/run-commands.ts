import { searchQuery } from '../search-flags.js';
import type { SearchFlags } from '../search-flags.js';
import { Command, Option } from 'commander';
import { RUN_STATUSES } from '@slipway/core';
import type { Run, RunStatus, Tag } from '@slipway/core';
import type { SlipwayClient } from '@slipway/sdk';
import type { ActionFactory, CommandTools } from '../command-context.js';
import { clientCommand } from '../command-context.js';
import {
  collect,
  collectTag,
  parseInteger,
  parseMetricValue,
  parsePositiveInteger,
  parseView,
} from '../option-parsers.js';
import { fields, table, tagLines, time } from '../output.js';

interface RunSearchFlags extends SearchFlags {
  experimentId?: string[];
  experiment?: string[];
  infoOnly?: boolean;
}

export function runCommands(action: ActionFactory): Command {
  const runs = new Command('runs').description('Create, inspect and log to runs');

  clientCommand(runs.command('create'))
    .description('Start a run (status RUNNING)')
    .option('--experiment-id <id>', 'experiment id (default: the Default experiment)')
    .option('--experiment <name>', 'experiment name instead of id')
    .option('--name <run-name>', 'run name (generated when absent)')
    .option('--tag <key=value>', 'tag to set (repeatable)', collectTag)
    .action(
      action<[], { experimentId?: string; experiment?: string; name?: string; tag?: Tag[] }>(
        async (t, o) => {
          const experimentId =
            o.experimentId ??
            (o.experiment
              ? (await t.client.experiments.getByName(o.experiment)).experimentId
              : undefined);
          const run = await t.client.runs.create({
            ...(experimentId ? { experimentId } : {}),
            ...(o.name ? { runName: o.name } : {}),
            ...(o.tag ? { tags: o.tag } : {}),
          });
          t.result(run, () => [
            `Created run ${run.info.runId} ('${run.info.runName}') in experiment ${run.info.experimentId}`,
          ]);
        },
      ),
    );

  clientCommand(runs.command('get'))
    .description('Show a run with its params, latest metrics and tags')
    .argument('<run-id>', 'run id')
    .action(
      action<[string], object>(async (t, _o, runId) => {
        const run = await t.client.runs.get(runId);
        t.result(run, () => describeRun(run));
      }),
    );

  searchCommand(runs.command('list'), action).description('List the runs of experiments');
  searchCommand(runs.command('search'), action)
    .description('Search runs with a filter')
    .requiredOption('--filter <filter>', 'e.g. "metrics.acc > 0.9 AND params.lr = \'0.01\'"');

  clientCommand(runs.command('delete'))
    .description('Delete a run (restorable)')
    .argument('<run-id>', 'run id')
    .action(
      action<[string], object>(async (t, _o, runId) => {
        await t.client.runs.delete(runId);
        t.result({ runId, lifecycleStage: 'deleted' }, () => [`Deleted run ${runId}`]);
      }),
    );

  clientCommand(runs.command('restore'))
    .description('Restore a deleted run')
    .argument('<run-id>', 'run id')
    .action(
      action<[string], object>(async (t, _o, runId) => {
        await t.client.runs.restore(runId);
        t.result({ runId, lifecycleStage: 'active' }, () => [`Restored run ${runId}`]);
      }),
    );

  clientCommand(runs.command('log-metric'))
    .description('Log one metric value')
    .argument('<run-id>', 'run id')
    .argument('<key>', 'metric key')
    .argument('<value>', 'number (NaN, inf, -inf allowed)', parseMetricValue)
    .option('--step <n>', 'step (default 0)', parseInteger)
    .option('--timestamp <ms>', 'milliseconds since the epoch (default now)', parseInteger)
    .action(
      action<[string, string, number], { step?: number; timestamp?: number }>(
        async (t, o, runId, key, value) => {
          const metric = { key, value, step: o.step ?? 0, timestamp: o.timestamp ?? Date.now() };
          await t.client.runs.logMetric(runId, key, value, metric);
          t.result({ runId, metric }, () => [
            `Logged ${key} = ${value} (step ${metric.step}) to run ${runId}`,
          ]);
        },
      ),
    );

  clientCommand(runs.command('log-param'))
    .description('Log a param (write-once)')
    .argument('<run-id>', 'run id')
    .argument('<key>', 'param key')
    .argument('<value>', 'param value')
    .action(
      action<[string, string, string], object>(async (t, _o, runId, key, value) => {
        await t.client.runs.logParam(runId, key, value);
        t.result({ runId, param: { key, value } }, () => [`Logged param ${key} = ${value}`]);
      }),
    );

  clientCommand(runs.command('set-tag'))
    .description('Set a tag on a run')
    .argument('<run-id>', 'run id')
    .argument('<key>', 'tag key')
    .argument('<value>', 'tag value')
    .action(
      action<[string, string, string], object>(async (t, _o, runId, key, value) => {
        await t.client.runs.setTag(runId, key, value);
        t.result({ runId, tag: { key, value } }, () => [`Set tag ${key} = ${value}`]);
      }),
    );

  clientCommand(runs.command('end'))
    .description('End a run')
    .argument('<run-id>', 'run id')
    .addOption(
      new Option('--status <status>', 'final status')
        .choices(RUN_STATUSES.filter((s) => s !== 'RUNNING' && s !== 'SCHEDULED'))
        .default('FINISHED'),
    )
    .action(
      action<[string], { status: RunStatus }>(async (t, o, runId) => {
        const info = await t.client.runs.end(runId, o.status);
        t.result(info, () => [`Run ${runId} ended ${info.status} at ${time(info.endTime)}`]);
      }),
    );

  return runs;
}

function searchCommand(command: Command, action: ActionFactory): Command {
  return clientCommand(command)
    .option('--experiment-id <id>', 'experiment id (repeatable; default: Default)', collect)
    .option('--experiment <name>', 'experiment name (repeatable)', collect)
    .option('--order-by <clause>', "e.g. 'metrics.acc DESC' (repeatable)", collect)
    .option('--view <view>', 'active, deleted or all', parseView)
    .option('--max-results <n>', 'page size', parsePositiveInteger)
    .option('--page-token <token>', 'continue from a previous page')
    .option('--info-only', "runs' info only, without metrics, params and tags (faster)")
    .action(action<[], RunSearchFlags>(async (t, o) => searchRuns(t, o)));
}

async function searchRuns(t: CommandTools, o: RunSearchFlags): Promise<void> {
  const experimentIds = [
    ...(o.experimentId ?? []),
    ...(await experimentIdsForNames(t.client, o.experiment ?? [])),
  ];
  const page = await t.client.runs.search({
    experimentIds: experimentIds.length > 0 ? experimentIds : ['0'],
    ...searchQuery(o),
    ...(o.infoOnly ? { runInfoOnly: true } : {}),
  });
  t.result(page, () => [
    ...table(
      ['RUN ID', 'NAME', 'STATUS', 'STARTED', 'ENDED'],
      page.runs.map((r) => [
        r.info.runId,
        r.info.runName,
        r.info.status,
        time(r.info.startTime),
        time(r.info.endTime),
      ]),
      'No runs.',
    ),
    ...(page.nextPageToken ? [`More: --page-token ${page.nextPageToken}`] : []),
  ]);
}

async function experimentIdsForNames(client: SlipwayClient, names: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const name of names) ids.push((await client.experiments.getByName(name)).experimentId);
  return ids;
}

function describeRun(run: Run): string[] {
  const { info, data } = run;
  return [
    ...fields([
      ['Run', info.runId],
      ['Name', info.runName],
      ['Experiment', info.experimentId],
      ['Status', info.status],
      ['Stage', info.lifecycleStage],
      ['User', info.userId || '-'],
      ['Started', time(info.startTime)],
      ['Ended', time(info.endTime)],
      ['Artifacts', info.artifactUri],
    ]),
    'Params:',
    ...tagLines(data.params),
    'Metrics:',
    ...(data.metrics.length === 0
      ? ['  (none)']
      : data.metrics.map((m) => `  ${m.key} = ${m.value} (step ${m.step})`)),
    'Tags:',
    ...tagLines(data.tags),
  ];
}
