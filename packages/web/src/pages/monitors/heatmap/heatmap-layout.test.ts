import { describe, expect, it } from 'vitest';
import type { MonitorRun } from '@slipway/sdk';
import type { ColumnDrift } from '../drift/drift-severity.js';
import { FIRST_DRIFT_BUCKET, NO_RESULT, SKIPPED } from './heatmap-colors.js';
import { cellAt, cellDrift, heatmapGeometry, heatmapGrid } from './heatmap-layout.js';

function column(name: string, score: number, drifted: boolean, extra: Partial<ColumnDrift> = {}) {
  return {
    column: name,
    type: 'numerical',
    stattest: 'ks',
    scoreKind: 'p_value',
    score,
    threshold: 0.05,
    driftDetected: drifted,
    referenceCount: 100,
    currentCount: 100,
    ...extra,
  } satisfies ColumnDrift;
}

function run(time: number, byVersion: Record<string, ColumnDrift[]>): MonitorRun {
  return {
    id: `run-${time}`,
    monitor: 'm',
    deployment: 'd',
    time,
    windowStart: time - 1000,
    windowEnd: time,
    trigger: 'manual',
    results: Object.entries(byVersion).map(([version, columns]) => ({
      version: version === 'all' ? null : version,
      rows: 100,
      judged: true,
      drift: {
        datasetDrift: columns.some((c) => c.driftDetected),
        driftShare: 0,
        driftShareThreshold: 0.5,
        numberOfColumns: columns.length,
        numberOfDriftedColumns: columns.filter((c) => c.driftDetected).length,
        columns,
      },
    })),
  };
}

// Newest first, as the history route answers.
const RUNS = [
  run(3000, {
    all: [column('age', 0.001, true), column('city', 0.5, false)],
    '2': [column('age', 0.0000001, true)],
  }),
  run(2000, { all: [column('age', 0.5, false), column('city', 0.01, true)] }),
  run(1000, {
    all: [
      column('age', 0.9, false),
      column('city', 0.9, false),
      column('zip', 0, false, { skipped: 'no values', score: null }),
    ],
  }),
];

describe('heatmapGrid', () => {
  it('puts runs oldest first and columns most often drifted first', () => {
    const grid = heatmapGrid(RUNS, null);
    expect(grid.runs.map((r) => r.time)).toEqual([1000, 2000, 3000]);
    // age and city drifted once each: first-seen order breaks the tie; zip never drifted.
    expect(grid.columns).toEqual(['age', 'city', 'zip']);
    expect(grid.drifted).toBe(2);
  });

  it('colours by the verdict, and by how far past (or short of) the threshold', () => {
    const grid = heatmapGrid(RUNS, null);
    const bucket = (row: number, col: number) => grid.buckets[row * grid.runs.length + col] ?? -1;
    // age: p 0.9 (far from 0.05), p 0.5, then p 0.001 = 50x past the threshold.
    expect(bucket(0, 0)).toBeLessThan(FIRST_DRIFT_BUCKET);
    expect(bucket(0, 2)).toBe(7);
    // city drifted at p 0.01 (5x): a drift bucket, lighter than age's.
    expect(bucket(1, 1)).toBe(6);
    // zip: skipped in the first run, absent from the others.
    expect(bucket(2, 0)).toBe(SKIPPED);
    expect(bucket(2, 1)).toBe(NO_RESULT);
    expect(cellDrift(grid, null, 1, 1)?.score).toBe(0.01);
    expect(cellDrift(grid, null, 2, 2)).toBeUndefined();
  });

  it('lays out one version only, with its own runs', () => {
    const grid = heatmapGrid(RUNS, '2');
    expect(grid.columns).toEqual(['age']);
    expect(Array.from(grid.buckets)).toEqual([NO_RESULT, NO_RESULT, 7]);
  });

  it('stays linear for 100 columns x 1000 runs', () => {
    const columns = Array.from({ length: 100 }, (_, i) =>
      column(`f${i}`, (i % 10) / 10, i % 7 === 0),
    );
    const many = Array.from({ length: 1000 }, (_, i) => run(1000 - i, { all: columns }));
    const grid = heatmapGrid(many, null);
    expect(grid.buckets).toHaveLength(100_000);
    expect(grid.drifted).toBe(15 * 1000);
    expect(grid.columns.slice(0, 2)).toEqual(['f0', 'f7']);
  });
});

describe('heatmapGeometry and cellAt', () => {
  it('fits cells to the width, within bounds, and finds the cell under a point', () => {
    const g = heatmapGeometry(10, 200, 1000, 100);
    expect(g.cellWidth).toBe(4);
    expect(g.gap).toBe(0);
    expect(g.width).toBe(900);
    expect(g.height).toBe(160);
    expect(cellAt(g, 10, 200, 99, 5)).toBeUndefined();
    expect(cellAt(g, 10, 200, 100, 0)).toEqual({ row: 0, col: 0 });
    expect(cellAt(g, 10, 200, 105, 17)).toEqual({ row: 1, col: 1 });
    expect(cellAt(g, 10, 200, 899, 159)).toEqual({ row: 9, col: 199 });
    expect(cellAt(g, 10, 200, 900, 10)).toBeUndefined();
    expect(cellAt(g, 10, 200, 150, 160)).toBeUndefined();
  });

  it('keeps a few runs from growing huge, and many from shrinking to nothing', () => {
    expect(heatmapGeometry(3, 2, 1000, 100).cellWidth).toBe(32);
    const crowded = heatmapGeometry(3, 1000, 800, 100);
    expect(crowded.cellWidth).toBe(3);
    expect(crowded.width).toBe(3100);
  });
});
