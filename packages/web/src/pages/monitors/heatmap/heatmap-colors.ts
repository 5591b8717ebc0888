/**
 * The heatmap's colour buckets: grey for no result, a hatch-free pale for a skipped column, three
 * greens-to-yellow for "no drift" (darker nearer the threshold) and three oranges-to-dark-red for
 * drift (darker the further past it). Two hues, so drifted cells stand out without relying on
 * shade alone; the legend and the table say the same in words.
 */
export const BUCKETS = [
  { color: '#e4e7eb', label: 'No result' },
  { color: '#cbd2d9', label: 'Skipped' },
  { color: '#d1fae5', label: 'No drift, far from the threshold' },
  { color: '#6ee7b7', label: 'No drift' },
  { color: '#fde68a', label: 'No drift, near the threshold' },
  { color: '#f97316', label: 'Drift' },
  { color: '#dc2626', label: 'Drift, at least 3 times the threshold' },
  { color: '#7f1d1d', label: 'Drift, at least 30 times the threshold' },
] as const;

export const NO_RESULT = 0;
export const SKIPPED = 1;
export const FIRST_DRIFT_BUCKET = 5;

/**
 * The bucket of a tested column from the server's verdict and its severity (1 at the threshold,
 * see drift-severity.ts). The verdict decides the hue: a column the server called drifted is
 * never drawn green, whatever its score.
 */
export function bucketOf(drifted: boolean, severity: number): number {
  if (drifted) return severity >= 30 ? 7 : severity >= 3 ? 6 : 5;
  return severity >= 0.7 ? 4 : severity >= 0.3 ? 3 : 2;
}
