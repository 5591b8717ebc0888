import { readFile, writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { notFound } from '@slipway/core';
import type { Monitor, MonitorRun } from '@slipway/sdk';
import type { ActionFactory } from '../command-context.js';
import { clientCommand } from '../command-context.js';
import { parsePositiveInteger } from '../option-parsers.js';
import { table, time } from '../output.js';
import { UsageError } from '../usage-error.js';
import { addMonitorAlertCommands } from './monitors-alerts-commands.js';

type VersionResult = MonitorRun['results'][number];

const num = (value: number | null | undefined, digits = 3): string =>
  value === null || value === undefined ? '-' : String(Number(value.toFixed(digits)));

/** Reads a spec file. It goes to the server as text: YAML, or JSON (which is YAML too). */
async function readSpec(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(
      `Cannot read the spec file '${path}': ${code === 'ENOENT' ? 'no such file' : (err as Error).message}.`,
    );
  }
}

/** One line per version: rows, drift and its drifted columns, validation, performance. */
export function versionLine(result: VersionResult): string {
  const parts = [`${result.version === null ? 'all traffic' : `version ${result.version}`}:`];
  parts.push(`${result.rows} rows`);
  if (!result.judged)
    return `${parts.join(' ')}, not judged (${result.skipped ?? 'no reason given'})`;
  const { drift, validation, performance, serving } = result;
  if (drift !== undefined) {
    const drifted = drift.columns.filter((c) => c.driftDetected).map((c) => c.column);
    parts.push(
      `| drift ${drift.datasetDrift ? 'YES' : 'no'} (share ${num(drift.driftShare, 2)}${drifted.length > 0 ? `: ${drifted.join(', ')}` : ''})`,
    );
  }
  if (validation !== undefined) {
    parts.push(
      `| validation ${validation.success ? 'pass' : `FAIL (${validation.failedExpectations.join(', ')})`}`,
    );
  }
  if (performance !== undefined) {
    const metrics = Object.entries(performance.metrics).map(([k, v]) => `${k}=${num(v.value)}`);
    parts.push(`| ${performance.labelled} labelled: ${metrics.join(' ')}`);
  }
  if (serving !== undefined && serving.requests > 0) {
    parts.push(
      `| ${serving.errors} of ${serving.requests} failed, p95 ${num(serving.p95LatencyMs, 1)} ms`,
    );
  }
  return parts.join(' ');
}

/** A run: its time, window and trigger, then a line per version (or why it failed). */
export function runLines(run: MonitorRun): string[] {
  const head = `${time(run.time)} ${run.trigger} run of '${run.monitor}', window ${time(run.windowStart)} .. ${time(run.windowEnd)}`;
  if (run.error !== undefined) return [head, `  FAILED: ${run.error}`];
  return [head, ...run.results.map((r) => `  ${versionLine(r)}`)];
}

function scheduleOf(monitor: Monitor): string {
  const every = monitor.spec.schedule?.every;
  return every === undefined ? 'manual' : `every ${every / 1000}s`;
}

export function monitorsCommands(action: ActionFactory): Command {
  const monitors = new Command('monitors').description(
    "Monitors: a deployment's traffic checked for drift, data quality and performance, per version",
  );

  clientCommand(monitors.command('apply'))
    .description('Create or replace a monitor from a spec file (YAML or JSON)')
    .requiredOption('-f, --file <path>', 'the spec file')
    .action(
      action<[], { file: string }>(async (t, o) => {
        const result = await t.client.monitors.apply(await readSpec(o.file));
        const m = result.monitor;
        t.result(result, () => [
          `${result.created ? 'Created' : 'Updated'} monitor '${m.name}' of deployment '${m.deployment}' (${scheduleOf(m)})`,
        ]);
      }),
    );

  clientCommand(monitors.command('list'))
    .description('List monitors')
    .option('--deployment <name>', "only this deployment's monitors")
    .action(
      action<[], { deployment?: string }>(async (t, o) => {
        const list = await t.client.monitors.list({ deployment: o.deployment });
        t.result({ monitors: list }, () =>
          table(
            ['NAME', 'DEPLOYMENT', 'REFERENCE', 'SCHEDULE', 'UPDATED'],
            list.map((m) => [
              m.name,
              m.deployment,
              m.spec.reference.type,
              scheduleOf(m),
              time(m.updatedAt),
            ]),
            'No monitors.',
          ),
        );
      }),
    );

  clientCommand(monitors.command('get'))
    .description('Show a monitor and its spec')
    .argument('<name>', 'monitor name')
    .action(
      action<[string], object>(async (t, _o, name) => {
        const m = await t.client.monitors.get(name);
        t.result(m, () => [
          `Monitor '${m.name}' of deployment '${m.deployment}' (${scheduleOf(m)}), created ${time(m.createdAt)} by ${m.createdBy}, updated ${time(m.updatedAt)}`,
          ...JSON.stringify(m.spec, null, 2).split('\n'),
        ]);
      }),
    );

  clientCommand(monitors.command('delete'))
    .description('Delete a monitor, its schedule and its stored results')
    .argument('<name>', 'monitor name')
    .action(
      action<[string], object>(async (t, _o, name) => {
        await t.client.monitors.delete(name);
        t.result({ name, deleted: true }, () => [`Deleted monitor '${name}'`]);
      }),
    );

  clientCommand(monitors.command('run'))
    .description('Run a monitor now and store the result')
    .argument('<name>', 'monitor name')
    .action(
      action<[string], object>(async (t, _o, name) => {
        const run = await t.client.monitors.run(name);
        t.result(run, () => runLines(run));
      }),
    );

  clientCommand(monitors.command('history'))
    .description("A monitor's stored runs, newest first")
    .argument('<name>', 'monitor name')
    .option(
      '--model-version <version>',
      'only this model version (not --version: that prints the CLI version)',
    )
    .option('--max-results <n>', 'runs to show (default 100)', parsePositiveInteger)
    .action(
      action<[string], { modelVersion?: string; maxResults?: number }>(async (t, o, name) => {
        const runs = await t.client.monitors.history(name, {
          version: o.modelVersion,
          maxResults: o.maxResults,
        });
        t.result({ runs }, () => (runs.length === 0 ? ['No runs.'] : runs.flatMap(runLines)));
      }),
    );

  clientCommand(monitors.command('report'))
    .description(
      'Write one stored run as a self-contained HTML report (drift with distributions, validation, performance, serving)',
    )
    .argument('<name>', 'monitor name')
    .option(
      '--run <id>',
      'the run (ids are in `slipway monitors history <name> --json`); default the latest',
    )
    .requiredOption('-o, --output <file.html>', 'where to write the report')
    .action(
      action<[string], { run?: string; output: string }>(async (t, o, name) => {
        let runId = o.run;
        if (runId === undefined) {
          const [latest] = await t.client.monitors.history(name, { maxResults: 1 });
          if (latest?.id === undefined) {
            throw notFound(
              `Monitor '${name}' has no stored runs yet; run it with \`slipway monitors run ${name}\`.`,
            );
          }
          runId = latest.id;
        }
        const html = await t.client.monitors.report(name, runId);
        await writeFile(o.output, html);
        t.result(
          { monitor: name, run: runId, output: o.output, bytes: Buffer.byteLength(html) },
          () => [`Wrote the report of run ${runId} of '${name}' to ${o.output}`],
        );
      }),
    );

  addMonitorAlertCommands(monitors, action);
  return monitors;
}
