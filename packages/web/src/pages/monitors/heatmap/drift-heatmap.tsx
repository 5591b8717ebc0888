import { useEffect, useMemo, useRef, useState } from 'react';
import type { MouseEvent } from 'react';
import { formatTime } from '../../../format/format-time.js';
import { formatScore, scoreName, verdictOf } from '../drift/drift-severity.js';
import type { VersionChoice } from '../run-versions.js';
import { BUCKETS } from './heatmap-colors.js';
import { cellAt, cellDrift, heatmapGeometry } from './heatmap-layout.js';
import type { HeatmapGeometry, HeatmapGrid } from './heatmap-layout.js';

const LABEL_FONT = '12px system-ui, sans-serif';
const MIN_LABEL_WIDTH = 60;
const MAX_LABEL_WIDTH = 220;

/** The width of the longest column name, within bounds (longer ones are cut with an ellipsis). */
function labelWidthOf(ctx: CanvasRenderingContext2D, columns: readonly string[]): number {
  ctx.font = LABEL_FONT;
  let widest = 0;
  for (const name of columns) widest = Math.max(widest, ctx.measureText(name).width);
  return Math.min(MAX_LABEL_WIDTH, Math.max(MIN_LABEL_WIDTH, Math.ceil(widest) + 12));
}

function fitted(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  let cut = text;
  while (cut.length > 1 && ctx.measureText(`${cut}…`).width > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/**
 * Draws every cell with one fillRect, a colour at a time: 20,000 cells take a few milliseconds,
 * where as many DOM nodes would take a noticeable while to lay out.
 */
function draw(canvas: HTMLCanvasElement, grid: HeatmapGrid, g: HeatmapGeometry): void {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.ceil(g.width * ratio);
  canvas.height = Math.ceil(g.height * ratio);
  canvas.style.width = `${g.width}px`;
  canvas.style.height = `${g.height}px`;
  const ctx = canvas.getContext('2d');
  if (ctx === null) return;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, g.width, g.height);
  const cols = grid.runs.length;
  BUCKETS.forEach(({ color }, bucket) => {
    ctx.fillStyle = color;
    for (let i = 0; i < grid.buckets.length; i += 1) {
      if (grid.buckets[i] !== bucket) continue;
      const row = Math.floor(i / cols);
      const col = i % cols;
      ctx.fillRect(
        g.labelWidth + col * g.cellWidth,
        row * g.cellHeight,
        g.cellWidth - g.gap,
        g.cellHeight - 1,
      );
    }
  });
  ctx.font = LABEL_FONT;
  ctx.fillStyle = '#1f2933';
  ctx.textBaseline = 'middle';
  grid.columns.forEach((name, row) => {
    ctx.fillText(fitted(ctx, name, g.labelWidth - 10), 0, row * g.cellHeight + g.cellHeight / 2);
  });
}

interface DriftHeatmapProps {
  grid: HeatmapGrid;
  version: VersionChoice;
  /** A click on a cell picks its run (for the distributions below). */
  onPickRun: (index: number) => void;
}

/**
 * Drift per column over time on one canvas: a row per column, a cell per run, coloured by the
 * verdict and how far the score is from its threshold; a tooltip names the cell's column, run,
 * test, score and verdict. The canvas is an image to assistive technology; the table below it
 * holds the same.
 */
export function DriftHeatmap({ grid, version, onPickRun }: DriftHeatmapProps) {
  const host = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);
  const [labelWidth, setLabelWidth] = useState(MIN_LABEL_WIDTH);
  const [hover, setHover] = useState<{ row: number; col: number } | undefined>(undefined);
  const rows = grid.columns.length;
  const cols = grid.runs.length;
  const geometry = useMemo(
    () => heatmapGeometry(rows, cols, width, labelWidth),
    [rows, cols, width, labelWidth],
  );

  useEffect(() => {
    const element = host.current;
    if (element === null) return;
    setWidth(element.clientWidth);
    const observer = new ResizeObserver((entries) => {
      setWidth(Math.floor(entries[0]?.contentRect.width ?? 0));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (ctx !== null && ctx !== undefined) setLabelWidth(labelWidthOf(ctx, grid.columns));
  }, [grid.columns]);

  useEffect(() => {
    if (canvas.current !== null && width > 0) draw(canvas.current, grid, geometry);
  }, [grid, geometry, width]);

  const pointAt = (event: MouseEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    return cellAt(geometry, rows, cols, event.clientX - box.left, event.clientY - box.top);
  };
  const column = hover === undefined ? undefined : grid.columns[hover.row];
  const run = hover === undefined ? undefined : grid.runs[hover.col];
  const drift = hover === undefined ? undefined : cellDrift(grid, version, hover.row, hover.col);

  return (
    <div ref={host} className="mon-heatmap">
      <div
        className="mon-heatmap-canvas"
        role="img"
        aria-label={`Heatmap of drift: ${rows} columns over ${cols} runs, ${grid.drifted} drifted cells. The table below holds every cell.`}
        data-rows={rows}
        data-runs={cols}
        data-drifted={grid.drifted}
      >
        <canvas
          ref={canvas}
          onMouseMove={(event) => setHover(pointAt(event))}
          onMouseLeave={() => setHover(undefined)}
          onClick={(event) => {
            const cell = pointAt(event);
            if (cell !== undefined) onPickRun(cell.col);
          }}
        />
        {hover !== undefined && column !== undefined && run !== undefined && (
          <div
            className="mon-tooltip"
            data-testid="heatmap-tooltip"
            style={{
              left: Math.min(
                geometry.labelWidth + (hover.col + 1) * geometry.cellWidth + 4,
                Math.max(0, geometry.width - 240),
              ),
              top: (hover.row + 1) * geometry.cellHeight + 2,
            }}
          >
            <strong>{column}</strong>
            <br />
            {formatTime(run.time)}
            <br />
            {drift === undefined
              ? 'No result for this column'
              : drift.skipped !== undefined
                ? verdictOf(drift)
                : `${drift.stattest ?? 'test'} ${scoreName(drift)} ${formatScore(drift.score)} (threshold ${formatScore(drift.threshold)}): ${verdictOf(drift)}`}
          </div>
        )}
      </div>
      <ul className="mon-legend" aria-label="Heatmap colours">
        {BUCKETS.map((bucket) => (
          <li key={bucket.label}>
            <span className="mon-swatch" style={{ background: bucket.color }} aria-hidden="true" />
            {bucket.label}
          </li>
        ))}
      </ul>
    </div>
  );
}
