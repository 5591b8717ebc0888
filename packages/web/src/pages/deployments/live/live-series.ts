import type { LivePoint } from './live-history.js';

/** A gap longer than this between two snapshots (the tab was hidden, the stream reconnected) is drawn as a gap. */
const GAP_MS = 3_000;

/** One line of a live chart. */
export interface LiveLine {
  label: string;
  /** Its value at a point; null where it has none. */
  value: (point: LivePoint) => number | null;
}

/** Columns for uPlot: x in seconds (uPlot's time unit), then one column per line. */
export interface LiveColumns {
  xs: number[];
  ys: (number | null)[][];
}

/**
 * The points of the last `spanMs` (before the newest) as aligned columns, with an empty row
 * inserted wherever the stream paused, so a line does not bridge minutes it did not see, and one
 * at the span's start, so the chart always shows the whole span (the newest second at the right
 * edge) even before the stream has filled it.
 */
export function liveColumns(
  points: readonly LivePoint[],
  lines: readonly LiveLine[],
  spanMs: number,
): LiveColumns {
  const xs: number[] = [];
  const ys: (number | null)[][] = lines.map(() => []);
  const newest = points.at(-1)?.time;
  if (newest === undefined) return { xs, ys };
  const start = newest - spanMs;
  let previous: number | undefined;
  if ((points[0]?.time ?? newest) > start) {
    xs.push(start / 1_000);
    for (const column of ys) column.push(null);
  }
  for (const point of points) {
    if (point.time < start) continue;
    if (previous !== undefined && point.time - previous > GAP_MS) {
      xs.push((previous + 1_000) / 1_000);
      for (const column of ys) column.push(null);
    }
    xs.push(point.time / 1_000);
    lines.forEach((line, i) => ys[i]?.push(line.value(point)));
    previous = point.time;
  }
  return { xs, ys };
}

/** Every version seen in the points, in order of first appearance. */
export function versionKeys(points: readonly LivePoint[]): string[] {
  const keys = new Set<string>();
  for (const point of points) for (const key of Object.keys(point.versions)) keys.add(key);
  return [...keys];
}

/** The chart spans the page offers (`?span=` in the URL). */
export const SPANS = [
  { value: '1m', label: 'Last minute', ms: 60_000 },
  { value: '5m', label: 'Last 5 minutes', ms: 5 * 60_000 },
  { value: '15m', label: 'Last 15 minutes', ms: 15 * 60_000 },
] as const;

export type SpanValue = (typeof SPANS)[number]['value'];

export const DEFAULT_SPAN: SpanValue = '5m';

export function spanOf(param: string | null): (typeof SPANS)[number] {
  return SPANS.find((span) => span.value === param) ?? (SPANS[1] as (typeof SPANS)[number]);
}
