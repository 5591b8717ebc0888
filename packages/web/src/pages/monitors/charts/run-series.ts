import type { MonitorRun } from '@slipway/sdk';
import { resultOf } from '../run-versions.js';
import type { VersionChoice } from '../run-versions.js';

/** A line over the runs: one value (or a gap) per run. */
export interface RunLine {
  label: string;
  values: (number | null)[];
}

/** Lines over the runs of one version, with the runs' times (oldest first). */
export interface RunSeries {
  /** Run times in seconds since the epoch (uPlot's time unit), oldest first. */
  xs: number[];
  lines: RunLine[];
}

function series(
  runs: readonly MonitorRun[],
  version: VersionChoice,
  lines: { label: string; value: (run: MonitorRun) => number | null | undefined }[],
): RunSeries {
  const ordered = [...runs].reverse();
  return {
    xs: ordered.map((run) => run.time / 1000),
    lines: lines.map(({ label, value }) => ({
      label,
      values: ordered.map((run) => value(run) ?? null),
    })),
  };
}

/** Every performance metric any run of the version has, a line each (runs newest first in). */
export function performanceSeries(runs: readonly MonitorRun[], version: VersionChoice): RunSeries {
  const names = new Set<string>();
  for (const run of runs) {
    for (const name of Object.keys(resultOf(run, version)?.performance?.metrics ?? {})) {
      names.add(name);
    }
  }
  return series(
    runs,
    version,
    [...names].sort().map((name) => ({
      label: name,
      value: (run) => resultOf(run, version)?.performance?.metrics[name]?.value,
    })),
  );
}

/** The share of each run's window with ground truth, in percent. */
export function coverageSeries(runs: readonly MonitorRun[], version: VersionChoice): RunSeries {
  return series(runs, version, [
    {
      label: 'Ground-truth coverage',
      value: (run) => {
        const coverage = resultOf(run, version)?.performance?.coverage;
        return coverage === undefined ? null : coverage * 100;
      },
    },
  ]);
}

/** The error rate in percent and the p95 latency in ms of each run's window. */
export function servingSeries(
  runs: readonly MonitorRun[],
  version: VersionChoice,
): { errorRate: RunSeries; latency: RunSeries } {
  const serving = (run: MonitorRun) => resultOf(run, version)?.serving;
  return {
    errorRate: series(runs, version, [
      {
        label: 'Error rate',
        value: (run) => {
          const rate = serving(run)?.errorRate;
          return rate === null || rate === undefined ? null : rate * 100;
        },
      },
    ]),
    latency: series(runs, version, [
      { label: 'p50', value: (run) => serving(run)?.p50LatencyMs },
      { label: 'p95', value: (run) => serving(run)?.p95LatencyMs },
      { label: 'p99', value: (run) => serving(run)?.p99LatencyMs },
    ]),
  };
}

/** True when some run has a value on some line: otherwise the chart would be empty. */
export function hasValues(s: RunSeries): boolean {
  return s.lines.some((line) => line.values.some((v) => v !== null));
}
