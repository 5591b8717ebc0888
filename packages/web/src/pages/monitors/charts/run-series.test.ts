import { describe, expect, it } from 'vitest';
import type { MonitorRun } from '@slipway/sdk';
import { coverageSeries, hasValues, performanceSeries, servingSeries } from './run-series.js';

function run(
  time: number,
  mae: number | null,
  coverage: number,
  errorRate: number | null,
): MonitorRun {
  return {
    monitor: 'm',
    deployment: 'd',
    time,
    windowStart: time - 1000,
    windowEnd: time,
    trigger: 'schedule',
    results: [
      {
        version: null,
        rows: 10,
        judged: true,
        performance: {
          task: 'regression',
          labelled: 5,
          coverage,
          metrics: { mae: { value: mae }, ...(time > 2000 ? { rmse: { value: 0.5 } } : {}) },
        },
        serving: {
          requests: 10,
          errors: 1,
          errorRate,
          p50LatencyMs: 1,
          p95LatencyMs: 2,
          p99LatencyMs: 3,
        },
      },
    ],
  };
}

const RUNS = [run(3000, 0.2, 0.5, 0.1), run(2000, null, 0.25, null)];

describe('run series', () => {
  it('has a line per metric any run has, oldest run first, gaps as null', () => {
    const s = performanceSeries(RUNS, null);
    expect(s.xs).toEqual([2, 3]);
    expect(s.lines).toEqual([
      { label: 'mae', values: [null, 0.2] },
      { label: 'rmse', values: [null, 0.5] },
    ]);
    expect(coverageSeries(RUNS, null).lines[0]?.values).toEqual([25, 50]);
  });

  it('gives serving figures in percent and milliseconds', () => {
    const { errorRate, latency } = servingSeries(RUNS, null);
    expect(errorRate.lines[0]?.values).toEqual([null, 10]);
    expect(latency.lines.map((l) => l.label)).toEqual(['p50', 'p95', 'p99']);
    expect(latency.lines[1]?.values).toEqual([2, 2]);
  });

  it('is empty for a version no run judged', () => {
    expect(hasValues(performanceSeries(RUNS, '7'))).toBe(false);
    expect(hasValues(servingSeries(RUNS, '7').latency)).toBe(false);
  });
});
