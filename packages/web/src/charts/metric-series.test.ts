import { describe, expect, it } from 'vitest';
import type { ChartSettings } from './chart-settings.js';
import { alignSeries, buildSeries, nearestValue } from './metric-series.js';

const settings: ChartSettings = { xAxis: 'step', smoothing: 0, logY: false };
const metric = (step: number, value: number, timestamp = 1_000_000 + step * 500) => ({
  key: 'loss',
  step,
  value,
  timestamp,
});

describe('buildSeries', () => {
  it('orders by step and keeps the values without smoothing', () => {
    const points = buildSeries([metric(2, 0.5), metric(0, 2), metric(1, 1)], settings);
    expect(points.map((p) => [p.x, p.plotted])).toEqual([
      [0, 2],
      [1, 1],
      [2, 0.5],
    ]);
    expect(points.map((p) => p.relative)).toEqual([0, 0.5, 1]);
  });

  it('measures wall time in seconds and relative time from the first point', () => {
    const wall = buildSeries([metric(0, 1, 2000), metric(1, 2, 5000)], {
      ...settings,
      xAxis: 'wall',
    });
    expect(wall.map((p) => p.x)).toEqual([2, 5]);
    const relative = buildSeries([metric(0, 1, 2000), metric(1, 2, 5000)], {
      ...settings,
      xAxis: 'relative',
    });
    expect(relative.map((p) => p.x)).toEqual([0, 3]);
  });

  it('leaves a gap for values a log scale cannot show', () => {
    const points = buildSeries([metric(0, 0), metric(1, -1), metric(2, 10)], {
      ...settings,
      logY: true,
    });
    expect(points.map((p) => p.plotted)).toEqual([null, null, 10]);
  });
});

describe('alignSeries and nearestValue', () => {
  it('joins series logged at different xs, with nulls where a run has no point', () => {
    const a = buildSeries([metric(0, 1), metric(2, 3)], settings);
    const b = buildSeries([metric(1, 10), metric(2, 30), metric(3, 40)], settings);
    const { xs, ys } = alignSeries([a, b]);
    expect(xs).toEqual([0, 1, 2, 3]);
    expect(ys).toEqual([
      [1, null, 3, null],
      [null, 10, 30, 40],
    ]);
    expect(nearestValue(ys[0] ?? [], 1)).toBe(1);
    expect(nearestValue(ys[0] ?? [], 3)).toBeNull();
    expect(nearestValue(ys[1] ?? [], 0)).toBeNull();
  });
});
