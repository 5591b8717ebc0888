import { useId, useMemo, useState } from 'react';
import { buildAxisScale } from './axis-scale.js';
import type { AxisScale } from './axis-scale.js';
import type { PlotRun } from './plot-run.js';
import { shortLabel, valueText } from './plot-run.js';
import { SeriesSwatch } from './series-swatch.js';
import { dashArray } from './series-style.js';

interface ParallelCoordinatesProps {
  /** The keys on the axes, left to right. */
  axes: readonly string[];
  runs: readonly PlotRun[];
}

const WIDTH = 960;
const HEIGHT = 380;
const TOP = 48;
const BOTTOM = 24;
const SIDE = 80;
/** Categorical axes with more values than this label only some of them. */
const MAX_TICK_LABELS = 12;

function describeScale(key: string, scale: AxisScale): string {
  if (scale.kind === 'numeric') return `${key} (from ${scale.min} to ${scale.max})`;
  return `${key} (${scale.categories.join(', ')})`;
}

/**
 * A parallel-coordinates plot, in SVG: one vertical axis per key (numeric, or categorical for text
 * params), one polyline per run, broken where a run has no value. Pointing at a line, or at a
 * run's name below (also by keyboard focus), brings that run forward; the description lists
 * every run's values for screen readers.
 */
export function ParallelCoordinates({ axes, runs }: ParallelCoordinatesProps) {
  const id = useId();
  const [hovered, setHovered] = useState<string | null>(null);
  const [pinned, setPinned] = useState<string | null>(null);
  const highlighted = hovered ?? pinned;
  const scales = useMemo(
    () => axes.map((key) => buildAxisScale(runs.map((run) => run.values[key]))),
    [axes, runs],
  );
  const xOf = (i: number) =>
    axes.length === 1 ? WIDTH / 2 : SIDE + (i * (WIDTH - 2 * SIDE)) / (axes.length - 1);
  const yOf = (position: number) => TOP + (1 - position) * (HEIGHT - TOP - BOTTOM);

  const lines = runs.map((run) => {
    let d = '';
    let drawing = false;
    axes.forEach((key, i) => {
      const position = scales[i]?.position(run.values[key]);
      if (position === undefined) {
        drawing = false;
        return;
      }
      d += `${drawing ? 'L' : 'M'}${xOf(i).toFixed(1)} ${yOf(position).toFixed(1)} `;
      drawing = true;
    });
    return { run, d: d.trim() };
  });
  // The highlighted run is drawn last, so it is on top.
  const ordered = [...lines].sort(
    (a, b) => Number(a.run.runId === highlighted) - Number(b.run.runId === highlighted),
  );
  const description = [
    `Axes: ${axes.map((key, i) => (scales[i] ? describeScale(key, scales[i]) : key)).join('; ')}.`,
    ...runs.map(
      (run) =>
        `${run.name}: ${axes.map((key) => `${key} ${valueText(run.values[key]) || 'none'}`).join(', ')}.`,
    ),
  ].join(' ');

  return (
    <figure className="parallel-coordinates">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-desc`}
        data-testid="parallel-coordinates"
      >
        <title id={`${id}-title`}>
          Parallel coordinates of {runs.length} runs over {axes.length} axes
        </title>
        <desc id={`${id}-desc`}>{description}</desc>
        {axes.map((key, i) => {
          const scale = scales[i];
          const x = xOf(i);
          const every = Math.ceil((scale?.ticks.length ?? 0) / MAX_TICK_LABELS);
          return (
            <g key={key} className="pc-axis">
              <line x1={x} x2={x} y1={TOP} y2={HEIGHT - BOTTOM} />
              <text x={x} y={TOP - 24} textAnchor="middle" className="pc-axis-label">
                <title>{key}</title>
                {shortLabel(key)}
              </text>
              {scale?.ticks.map((tick, t) =>
                t % every === 0 ? (
                  <g key={String(tick.value)} transform={`translate(${x} ${yOf(tick.at)})`}>
                    <line x1={-4} x2={0} />
                    <text x={-7} dy="0.32em" textAnchor="end">
                      {shortLabel(tick.label, 12)}
                    </text>
                  </g>
                ) : null,
              )}
            </g>
          );
        })}
        {ordered.map(({ run, d }) => (
          <g
            key={run.runId}
            className={`pc-line${highlighted === null ? '' : run.runId === highlighted ? ' highlighted' : ' dimmed'}`}
            data-run-id={run.runId}
            onPointerEnter={() => setHovered(run.runId)}
            onPointerLeave={() => setHovered(null)}
          >
            <path d={d} stroke={run.style.color} strokeDasharray={dashArray(run.style)} />
            {/* A wider invisible stroke, so the line is easy to point at. */}
            <path d={d} className="pc-hit" />
          </g>
        ))}
      </svg>
      <figcaption>
        <ul className="chart-legend" aria-label="Runs (press one to highlight it)">
          {runs.map((run) => (
            <li key={run.runId}>
              <button
                type="button"
                className="legend-button"
                aria-pressed={pinned === run.runId}
                onClick={() => setPinned((p) => (p === run.runId ? null : run.runId))}
                onPointerEnter={() => setHovered(run.runId)}
                onPointerLeave={() => setHovered(null)}
                onFocus={() => setHovered(run.runId)}
                onBlur={() => setHovered(null)}
              >
                <SeriesSwatch style={run.style} />
                {run.name}
              </button>
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
