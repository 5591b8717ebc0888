/**
 * A metric or axis value as charts and their tables write it: six significant digits, so
 * `0.1 + 0.2` reads 0.3; exponent notation for very large or small magnitudes; NaN and infinities
 * by name.
 */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude >= 1e9 || magnitude < 1e-4)) {
    return Number(value.toPrecision(6)).toExponential();
  }
  return String(Number(value.toPrecision(6)));
}

/** Seconds since a run's first point, as `1m 05.2s` or `42.1s`. */
export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${formatValue(Math.round(seconds * 10) / 10)}s`;
  const minutes = Math.floor(seconds / 60);
  const rest = (seconds - minutes * 60).toFixed(1).padStart(4, '0');
  return `${minutes}m ${rest}s`;
}

const WALL_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

/** A point's wall time, to the second, as the user's locale writes it. */
export function formatWallTime(ms: number): string {
  return WALL_TIME.format(new Date(ms));
}
