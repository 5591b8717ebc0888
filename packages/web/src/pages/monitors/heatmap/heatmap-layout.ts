import type { MonitorRun } from '@slipway/sdk';
import { resultOf } from '../run-versions.js';
import type { VersionChoice } from '../run-versions.js';
import { severity } from '../drift/drift-severity.js';
import type { ColumnDrift } from '../drift/drift-severity.js';
import { NO_RESULT, SKIPPED, bucketOf } from './heatmap-colors.js';

/** The heatmap's data: a row per column, a cell per run (oldest on the left). */
export interface HeatmapGrid {
  /** The rows: most often drifted first, then in the order the runs list them. */
  columns: string[];
  /** The cells' runs, oldest first. */
  runs: MonitorRun[];
  /** Colour bucket per cell, row-major: `buckets[row * runs.length + col]`. */
  buckets: Uint8Array;
  /** How many cells are drifted. */
  drifted: number;
}

/** A cell's verdict, for its tooltip and the table. */
export function cellDrift(
  grid: HeatmapGrid,
  version: VersionChoice,
  row: number,
  col: number,
): ColumnDrift | undefined {
  const run = grid.runs[col];
  const column = grid.columns[row];
  if (run === undefined || column === undefined) return undefined;
  return resultOf(run, version)?.drift?.columns.find((c) => c.column === column);
}

/**
 * Lays the drift of `runs` (newest first, as the history route answers) out as a grid for one
 * version (null: all traffic). Linear in the cells: fine for 100 columns x 1000 runs.
 */
export function heatmapGrid(runs: readonly MonitorRun[], version: VersionChoice): HeatmapGrid {
  const ordered = [...runs].reverse();
  const firstSeen = new Map<string, number>();
  const driftCount = new Map<string, number>();
  const perRun = ordered.map((run) => {
    const byColumn = new Map<string, ColumnDrift>();
    for (const c of resultOf(run, version)?.drift?.columns ?? []) {
      byColumn.set(c.column, c);
      if (!firstSeen.has(c.column)) firstSeen.set(c.column, firstSeen.size);
      if (c.driftDetected) driftCount.set(c.column, (driftCount.get(c.column) ?? 0) + 1);
    }
    return byColumn;
  });
  const columns = [...firstSeen.keys()].sort(
    (a, b) =>
      (driftCount.get(b) ?? 0) - (driftCount.get(a) ?? 0) ||
      (firstSeen.get(a) ?? 0) - (firstSeen.get(b) ?? 0),
  );
  const buckets = new Uint8Array(columns.length * ordered.length);
  let drifted = 0;
  columns.forEach((name, row) => {
    perRun.forEach((byColumn, col) => {
      const c = byColumn.get(name);
      const s = c === undefined ? null : severity(c);
      const bucket =
        c === undefined ? NO_RESULT : s === null ? SKIPPED : bucketOf(c.driftDetected, s);
      if (c?.driftDetected === true) drifted += 1;
      buckets[row * ordered.length + col] = bucket;
    });
  });
  return { columns, runs: ordered, buckets, drifted };
}

/** Where the grid is drawn, in CSS pixels. */
export interface HeatmapGeometry {
  labelWidth: number;
  cellWidth: number;
  cellHeight: number;
  /** Space between cells (none once cells get too narrow to spare it). */
  gap: number;
  width: number;
  height: number;
}

export const CELL_HEIGHT = 16;
const MIN_CELL_WIDTH = 3;
const MAX_CELL_WIDTH = 32;

/**
 * Cells as wide as the space allows (between 3 and 32 px): a few runs get broad cells, 200 runs
 * fit a laptop's width, and more than fit scroll sideways rather than shrink to nothing.
 */
export function heatmapGeometry(
  rows: number,
  cols: number,
  availableWidth: number,
  labelWidth: number,
): HeatmapGeometry {
  const room = Math.max(0, availableWidth - labelWidth);
  const cellWidth = Math.min(
    MAX_CELL_WIDTH,
    Math.max(MIN_CELL_WIDTH, Math.floor(room / Math.max(cols, 1))),
  );
  return {
    labelWidth,
    cellWidth,
    cellHeight: CELL_HEIGHT,
    gap: cellWidth >= 6 ? 1 : 0,
    width: labelWidth + cellWidth * cols,
    height: CELL_HEIGHT * rows,
  };
}

/** The cell under a point of the canvas (CSS pixels), if any. */
export function cellAt(
  g: HeatmapGeometry,
  rows: number,
  cols: number,
  x: number,
  y: number,
): { row: number; col: number } | undefined {
  if (x < g.labelWidth || y < 0) return undefined;
  const col = Math.floor((x - g.labelWidth) / g.cellWidth);
  const row = Math.floor(y / g.cellHeight);
  if (col >= cols || row >= rows) return undefined;
  return { row, col };
}
