import { writeFile } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import type { CliIo } from '../cli-io.js';

interface RulesFlags {
  output?: string;
  errorRate?: number;
  latencyP99?: number;
  for?: string;
  staleAfter?: number;
}

interface DashboardFlags {
  output?: string;
  title?: string;
  datasource?: string;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new InvalidArgumentError('Expected a positive number.');
  }
  return n;
}

function promDuration(value: string): string {
  if (!/^(\d+(ms|s|m|h|d|w|y))+$/u.test(value)) {
    throw new InvalidArgumentError('Expected a Prometheus duration such as 5m or 1h.');
  }
  return value;
}

async function emit(io: CliIo, text: string, output: string | undefined, what: string) {
  if (output === undefined) {
    io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    return;
  }
  await writeFile(output, text.endsWith('\n') ? text : `${text}\n`);
  io.stderr.write(`Wrote ${what} to ${output}.\n`);
}

/**
 * `slipway monitors prometheus-rules` and `slipway monitors grafana-dashboard`: files for the
 * Prometheus and Grafana that scrape Slipway servers. They need no server; they describe the
 * metrics every server exposes at /metrics.
 */
export function monitorExportCommands(io: CliIo): Command[] {
  const rules = new Command('prometheus-rules')
    .description(
      'Write Prometheus alerting rules for drift, stale monitors, serving errors and latency',
    )
    .option('-o, --output <file>', 'write to this file (default: standard output)')
    .option(
      '--error-rate <share>',
      'failed share of requests that alerts (default 0.05)',
      positiveNumber,
    )
    .option('--latency-p99 <seconds>', 'p99 latency that alerts (default 1)', positiveNumber)
    .option(
      '--for <duration>',
      'how long a serving condition holds before alerting (default 5m)',
      promDuration,
    )
    .option(
      '--stale-after <seconds>',
      'alert when a monitor has not run for this long (default 3600)',
      positiveNumber,
    )
    .action(async (flags: RulesFlags) => {
      const { prometheusRules } = await import('@slipway/server');
      const text = prometheusRules({
        ...(flags.errorRate === undefined ? {} : { errorRate: flags.errorRate }),
        ...(flags.latencyP99 === undefined ? {} : { latencyP99Seconds: flags.latencyP99 }),
        ...(flags.for === undefined ? {} : { for: flags.for }),
        ...(flags.staleAfter === undefined ? {} : { staleAfterSeconds: flags.staleAfter }),
      });
      await emit(
        io,
        text,
        flags.output,
        'Prometheus rules (check them with `promtool check rules`)',
      );
    });
  const dashboard = new Command('grafana-dashboard')
    .description('Write a Grafana dashboard (JSON model) of serving, drift, performance and alerts')
    .option('-o, --output <file>', 'write to this file (default: standard output)')
    .option('--title <title>', 'the dashboard title')
    .option('--datasource <uid>', 'a Prometheus data source UID (default: a variable to pick one)')
    .action(async (flags: DashboardFlags) => {
      const { grafanaDashboard } = await import('@slipway/server');
      const model = grafanaDashboard({
        ...(flags.title === undefined ? {} : { title: flags.title }),
        ...(flags.datasource === undefined ? {} : { datasourceUid: flags.datasource }),
      });
      await emit(
        io,
        JSON.stringify(model, null, 2),
        flags.output,
        'the Grafana dashboard (import it in Grafana)',
      );
    });
  return [rules, dashboard];
}
