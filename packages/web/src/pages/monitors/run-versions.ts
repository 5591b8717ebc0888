import type { MonitorVersionResult } from '@slipway/core';
import type { MonitorRun } from '@slipway/sdk';

/** A version as the pages choose it: a model version, or null for all traffic. */
export type VersionChoice = string | null;

/** The `?version=` of the URL: absent means all traffic. */
export function versionOfParam(param: string | null): VersionChoice {
  return param === null || param === '' ? null : param;
}

/** Every model version some run judged or skipped, in numeric order where they are numbers. */
export function versionsSeen(runs: readonly MonitorRun[]): string[] {
  const seen = new Set<string>();
  for (const run of runs) {
    for (const result of run.results) if (result.version !== null) seen.add(result.version);
  }
  return [...seen].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
}

/** A run's result for one version (or all traffic); undefined when the run has none. */
export function resultOf(
  run: MonitorRun,
  version: VersionChoice,
): MonitorVersionResult | undefined {
  return run.results.find((r) => r.version === version);
}

/** How a version reads in the pages: "all traffic", "version 3". */
export function versionLabel(version: VersionChoice): string {
  return version === null ? 'all traffic' : `version ${version}`;
}
