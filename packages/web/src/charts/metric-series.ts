import type { Metric } from '@slipway/core';
import type { ChartSettings, XAxis } from './chart-settings.js';
import type { SeriesStyle } from './series-style.js';
import { smoothEma } from './smoothing.js';

/** A run in a chart: its id, the name its legend shows, and how it is drawn. */
export interface ChartRun {
  runId: string;
  name: string;
  style: SeriesStyle;
}

/** One logged point as the chart and its data table show it. */
export interface SeriesPoint {
  step: number;
  /** Milliseconds since the epoch. */
  timestamp: number;
  /** Seconds since the run's first point of this metric. */
  relative: number;
  value: number;
  /** The value after smoothing. */
  smoothed: number;
  /** Where the point sits on the horizontal axis (steps, or seconds). */
  x: number;
  /** What is drawn: the smoothed value, or null where the scale cannot show it. */
  plotted: number | null;
}

export interface RunSeries {
  run: ChartRun;
  points: SeriesPoint[];
}

function xOf(xAxis: XAxis, step: number, timestamp: number, relative: number): number {
  if (xAxis === 'wall') return timestamp / 1000;
  if (xAxis === 'relative') return relative;
  return step;
}

/**
 * One run's points ordered along the chosen axis, smoothed in that order. On a log scale values
 * that are not positive cannot be drawn, so they are null (a gap), and NaN or infinities always are.
 */
export function buildSeries(metrics: readonly Metric[], settings: ChartSettings): SeriesPoint[] {
  if (metrics.length === 0) return [];
  const start = Math.min(...metrics.map((m) => m.timestamp));
  const ordered = metrics
    .map((m) => {
      const relative = (m.timestamp - start) / 1000;
      return { m, relative, x: xOf(settings.xAxis, m.step, m.timestamp, relative) };
    })
    .sort((a, b) => a.x - b.x || a.m.step - b.m.step || a.m.timestamp - b.m.timestamp);
  const smoothed = smoothEma(
    ordered.map(({ m }) => m.value),
    settings.smoothing,
  );
  return ordered.map(({ m, relative, x }, i) => {
    const value = smoothed[i] ?? m.value;
    const drawable = Number.isFinite(value) && (!settings.logY || value > 0);
    return {
      step: m.step,
      timestamp: m.timestamp,
      relative,
      value: m.value,
      smoothed: value,
      x,
      plotted: drawable ? value : null,
    };
  });
}

/**
 * uPlot's aligned form for several series that were logged at different x values: the sorted
 * union of the xs, and per series its value at each x or null (drawn across with spanGaps). Where
 * a run logged twice at one x, the later point is drawn; the data table lists both.
 */
export function alignSeries(series: ReadonlyArray<readonly SeriesPoint[]>): {
  xs: number[];
  ys: Array<Array<number | null>>;
} {
  const xs = [...new Set(series.flatMap((points) => points.map((p) => p.x)))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const ys = series.map((points) => {
    const column: Array<number | null> = new Array<number | null>(xs.length).fill(null);
    for (const p of points) column[index.get(p.x) ?? 0] = p.plotted;
    return column;
  });
  return { xs, ys };
}

/**
 * The value of a series nearest to position `idx` of the aligned xs (for the hover readout); null
 * outside the run's own range, so a run that stopped early shows no value past its end.
 */
export function nearestValue(column: ReadonlyArray<number | null>, idx: number): number | null {
  const at = column[idx];
  if (at !== undefined && at !== null) return at;
  let before = idx - 1;
  while (before >= 0 && column[before] === null) before--;
  let after = idx + 1;
  while (after < column.length && column[after] === null) after++;
  if (before < 0 || after >= column.length) return null;
  return (idx - before <= after - idx ? column[before] : column[after]) ?? null;
}
