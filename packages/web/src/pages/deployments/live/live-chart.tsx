import { useId, useMemo, useState } from 'react';
import type uPlot from 'uplot';
import { UplotCanvas } from '../../../charts/uplot-canvas.js';
import { formatClock, formatMinute } from '../format-clock.js';
import type { LivePoint } from './live-history.js';
import { liveColumns } from './live-series.js';
import type { LiveLine } from './live-series.js';

/** A line of a live chart with its colour. */
export interface ColoredLine extends LiveLine {
  color: string;
}

interface LiveChartProps {
  title: string;
  /** The y axis's label, e.g. "requests/s". */
  unit: string;
  /** Memoise them: new lines rebuild the chart. */
  lines: readonly ColoredLine[];
  points: readonly LivePoint[];
  spanMs: number;
  format: (value: number | null) => string;
  height?: number;
}

/** Rows the data table shows: the last minute, newest first. */
const TABLE_ROWS = 60;

const AXIS = {
  stroke: '#52606d',
  grid: { stroke: '#e4e7eb', width: 1 },
  ticks: { stroke: '#d9e2ec', width: 1 },
};

/** Tick spacings of the time axis, in seconds: uPlot's own skip from 1 to 5 minutes. */
const TIME_INCREMENTS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600];

/** A line's few first points are drawn as dots, since a line needs two of them. */
const DOTS_UNTIL = 5;

function chartOptions(
  unit: string,
  lines: readonly ColoredLine[],
): Omit<uPlot.Options, 'width' | 'height'> {
  return {
    legend: { show: false },
    // Drag-to-zoom would be undone by the next second's data; the span select zooms instead.
    cursor: { drag: { x: false, y: false }, points: { size: 6 } },
    scales: {
      x: { time: true },
      y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.15 : 1] },
    },
    axes: [
      {
        ...AXIS,
        space: 56,
        incrs: TIME_INCREMENTS,
        values: (_u, splits, _axis, _space, increment) =>
          splits.map((s) => (increment < 60 ? formatClock(s * 1_000) : formatMinute(s * 1_000))),
      },
      { ...AXIS, label: unit, size: 60 },
    ],
    series: [
      {},
      ...lines.map((line) => ({
        label: line.label,
        stroke: line.color,
        width: 2,
        spanGaps: false,
        points: {
          show: (_u: uPlot, _i: number, from: number, to: number) => to - from < DOTS_UNTIL,
        },
      })),
    ],
  };
}

/**
 * One live chart on a uPlot canvas, fed by the statistics stream: the last `spanMs` of it, the
 * newest value of each line in the legend (text a screen reader reads), and the last minute as a
 * table on request.
 */
export function LiveChart({
  title,
  unit,
  lines,
  points,
  spanMs,
  format,
  height = 200,
}: LiveChartProps) {
  const tableId = useId();
  const headingId = useId();
  const [showTable, setShowTable] = useState(false);
  // Rebuilt only when the lines (memoised by the caller) or the span change, not every second.
  const options = useMemo(() => chartOptions(unit, lines), [unit, lines]);
  const columns = useMemo(() => liveColumns(points, lines, spanMs), [points, lines, spanMs]);
  const data = useMemo(() => [columns.xs, ...columns.ys] as uPlot.AlignedData, [columns]);
  const newest = points.at(-1);
  const recent = points.slice(-TABLE_ROWS).reverse();
  return (
    <section className="dep-chart" aria-labelledby={headingId}>
      <h3 id={headingId} className="dep-chart-title">
        {title}
      </h3>
      <div
        className="dep-chart-canvas"
        role="img"
        aria-label={`Line chart of ${title.toLowerCase()} over time: ${lines.map((l) => l.label).join(', ')}. The legend gives the latest values; the data table the last minute.`}
      >
        <UplotCanvas options={options} data={data} height={height} />
      </div>
      <ul className="dep-legend" aria-label={`${title}, latest`}>
        {lines.map((line) => (
          <li key={line.label}>
            <span className="dep-swatch" style={{ background: line.color }} aria-hidden="true" />
            {line.label}:{' '}
            <strong className="num">
              {newest === undefined ? '—' : format(line.value(newest))}
            </strong>
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="dep-link-button"
        aria-expanded={showTable}
        aria-controls={showTable ? tableId : undefined}
        onClick={() => setShowTable((shown) => !shown)}
      >
        {showTable
          ? `Hide the data of ${title.toLowerCase()}`
          : `Show the data of ${title.toLowerCase()}`}
      </button>
      {showTable && (
        <div
          className="dep-table-scroll"
          id={tableId}
          role="region"
          aria-label={`${title} data`}
          tabIndex={0}
        >
          <table className="data-table compact">
            <caption>{title}: the last minute, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                {lines.map((line) => (
                  <th scope="col" key={line.label}>
                    {line.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {recent.map((point) => (
                <tr key={point.time}>
                  <th scope="row">
                    <time dateTime={new Date(point.time).toISOString()}>
                      {formatClock(point.time)}
                    </time>
                  </th>
                  {lines.map((line) => (
                    <td className="num" key={line.label}>
                      {format(line.value(point))}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
