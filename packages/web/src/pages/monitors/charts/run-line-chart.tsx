import { useId, useMemo, useState } from 'react';
import type uPlot from 'uplot';
import { UplotCanvas } from '../../../charts/uplot-canvas.js';
import { formatTime, isoTime } from '../../../format/format-time.js';
import { versionColor } from '../../deployments/live/series-colors.js';
import type { RunSeries } from './run-series.js';

const AXIS = {
  stroke: '#52606d',
  grid: { stroke: '#e4e7eb', width: 1 },
  ticks: { stroke: '#d9e2ec', width: 1 },
};

/** No colours given: the version palette (a constant, so the chart is not rebuilt for it). */
const NO_COLORS: readonly string[] = [];

interface RunLineChartProps {
  title: string;
  /** The y axis's label, e.g. "ms". */
  unit: string;
  series: RunSeries;
  format: (value: number | null) => string;
  height?: number;
  /** Colours of the lines in order; the version palette by default. */
  colors?: readonly string[];
}

function chartOptions(
  unit: string,
  labels: readonly string[],
  colors: readonly string[],
): Omit<uPlot.Options, 'width' | 'height'> {
  return {
    legend: { show: false },
    cursor: { points: { size: 7 } },
    scales: { x: { time: true } },
    axes: [{ ...AXIS }, { ...AXIS, label: unit, size: 60 }],
    series: [
      {},
      ...labels.map((label, i) => ({
        label,
        stroke: colors[i] ?? versionColor(i),
        width: 2,
        spanGaps: true,
        points: { show: true, size: 5 },
      })),
    ],
  };
}

/**
 * A figure of every run over time on a uPlot canvas (a line per metric), with its newest values
 * in a legend and every run's values as a table on request.
 */
export function RunLineChart({
  title,
  unit,
  series,
  format,
  height = 180,
  colors = NO_COLORS,
}: RunLineChartProps) {
  const headingId = useId();
  const tableId = useId();
  const [showTable, setShowTable] = useState(false);
  const labels = series.lines.map((line) => line.label);
  // Rebuilt with new runs only (a refresh), which is when the lines may change too.
  const options = useMemo(
    () =>
      chartOptions(
        unit,
        series.lines.map((line) => line.label),
        colors,
      ),
    [unit, series, colors],
  );
  const data = useMemo(
    () => [series.xs, ...series.lines.map((line) => line.values)] as uPlot.AlignedData,
    [series],
  );
  const last = series.xs.length - 1;
  return (
    <section className="mon-chart" aria-labelledby={headingId}>
      <h3 id={headingId}>{title}</h3>
      <div
        className="mon-chart-canvas"
        role="img"
        aria-label={`Line chart of ${title.toLowerCase()} per run: ${labels.join(', ')}. The legend gives the newest values; the data table every run.`}
      >
        <UplotCanvas options={options} data={data} height={height} />
      </div>
      <ul className="mon-legend" aria-label={`${title}, newest run`}>
        {series.lines.map((line, i) => (
          <li key={line.label}>
            <span
              className="mon-swatch"
              style={{ background: colors[i] ?? versionColor(i) }}
              aria-hidden="true"
            />
            {line.label}: <strong className="num">{format(line.values[last] ?? null)}</strong>
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="mon-link-button"
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
          className="mon-table-scroll"
          id={tableId}
          role="region"
          aria-label={`${title} data`}
          tabIndex={0}
        >
          <table className="data-table compact">
            <caption>{title} per run, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Run</th>
                {labels.map((label) => (
                  <th scope="col" key={label}>
                    {label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {series.xs
                .map((x, i) => ({ x, i }))
                .reverse()
                .map(({ x, i }) => (
                  <tr key={`${x}-${i}`}>
                    <th scope="row">
                      <time dateTime={isoTime(x * 1000)}>{formatTime(x * 1000)}</time>
                    </th>
                    {series.lines.map((line) => (
                      <td className="num" key={line.label}>
                        {format(line.values[i] ?? null)}
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
