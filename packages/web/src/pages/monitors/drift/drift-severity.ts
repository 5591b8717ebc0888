import type { MonitorVersionResult } from '@slipway/core';

/** One column's drift verdict in a stored run. */
export type ColumnDrift = NonNullable<MonitorVersionResult['drift']>['columns'][number];

/**
 * How strongly a column drifted, comparable across tests (as the HTML report sorts them): the
 * score over its threshold for a distance, the threshold over the score for a p-value, both 1 at
 * the threshold and above 1 past it; null for a column that was not tested.
 */
export function severity(column: ColumnDrift): number | null {
  const { score, threshold, scoreKind } = column;
  if (column.skipped !== undefined || score === null || threshold === null) return null;
  if (scoreKind === 'p_value') return threshold / Math.max(score, Number.MIN_VALUE);
  return threshold === 0 ? score : score / threshold;
}

/** Most drifted first, as the report lists them; untested columns last; ties by name. */
export function bySeverity(columns: readonly ColumnDrift[]): ColumnDrift[] {
  return [...columns].sort(
    (a, b) => (severity(b) ?? -1) - (severity(a) ?? -1) || a.column.localeCompare(b.column),
  );
}

/** "p-value" or "distance": what the score of a column's test is. */
export function scoreName(column: ColumnDrift): string {
  return column.scoreKind === 'p_value' ? 'p-value' : 'distance';
}

/** A score or threshold as the report writes it: four significant digits, tiny ones as 1.2e-7. */
export function formatScore(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (value !== 0 && Math.abs(value) < 1e-4) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}

/** A column's verdict in words. */
export function verdictOf(column: ColumnDrift): string {
  if (column.skipped !== undefined) return `skipped: ${column.skipped}`;
  return column.driftDetected ? 'drift' : 'no drift';
}
