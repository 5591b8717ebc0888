import type { MonitorVersionResult } from '@slipway/core';
import type { MonitorRun } from '@slipway/sdk';

/**
 * A run's result in one line: "drift: 3 of 10 columns (30 %); 2 expectations failed", or why
 * there is none ("failed: …", "not judged: …").
 */
export function verdictText(run: MonitorRun, result: MonitorVersionResult | undefined): string {
  if (run.error !== undefined) return `failed: ${run.error}`;
  if (result === undefined) return 'no result for this traffic';
  if (!result.judged) return `not judged: ${result.skipped ?? 'too few predictions'}`;
  const parts: string[] = [];
  const drift = result.drift;
  if (drift !== undefined) {
    const share = `${drift.numberOfDriftedColumns} of ${drift.numberOfColumns} columns (${Math.round(drift.driftShare * 100)} %)`;
    parts.push(drift.datasetDrift ? `drift: ${share}` : `no dataset drift: ${share}`);
  }
  if (result.validation !== undefined) {
    parts.push(
      result.validation.failed === 0
        ? 'expectations met'
        : `${result.validation.failed} of ${result.validation.evaluated} expectations failed`,
    );
  }
  return parts.length === 0 ? 'judged' : parts.join('; ');
}
