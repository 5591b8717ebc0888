import { useId, useMemo, useState } from 'react';
import { buildAxisScale } from './axis-scale.js';
import type { PlotRun } from './plot-run.js';
import { shortLabel, valueText } from './plot-run.js';

interface ScatterPlotProps {
  xKey: string;
  yKey: string;
  runs: readonly PlotRun[];
  /** Logarithmic axes, where every value on them is positive. */
  logX?: boolean;
  logY?: boolean;
}

const WIDTH = 720;
const HEIGHT = 420;
const LEFT = 80;
const RIGHT = 120;
const TOP = 20;
const BOTTOM = 56;
/** Space between the axes and the outermost points, so no point sits on an axis line. */
const PAD = 16;
/** Up to this many runs, each point carries its run's name (colour is not the only clue). */
const MAX_NAMED_POINTS = 12;

/**
 * Two params or metrics against each other, one point per run, in SVG (a few hundred runs at most,
 * each a focusable, labelled point). Numeric values get linear axes, text params categorical ones.
 */
export function ScatterPlot({ xKey, yKey, runs, logX = false, logY = false }: ScatterPlotProps) {
  const id = useId();
  const [hovered, setHovered] = useState<string | null>(null);
  const [showTable, setShowTable] = useState(false);
  const xScale = useMemo(
    () =>
      buildAxisScale(
        runs.map((r) => r.values[xKey]),
        { log: logX },
      ),
    [runs, xKey, logX],
  );
  const yScale = useMemo(
    () =>
      buildAxisScale(
        runs.map((r) => r.values[yKey]),
        { log: logY },
      ),
    [runs, yKey, logY],
  );
  const isLog = (scale: typeof xScale) => scale.kind === 'numeric' && scale.log;
  const linearInstead = [
    ...(logX && !isLog(xScale) ? [xKey] : []),
    ...(logY && !isLog(yScale) ? [yKey] : []),
  ];
  const px = (at: number) => LEFT + PAD + at * (WIDTH - LEFT - RIGHT - 2 * PAD);
  const py = (at: number) => HEIGHT - BOTTOM - PAD - at * (HEIGHT - TOP - BOTTOM - 2 * PAD);
  const points = runs.flatMap((run) => {
    const x = xScale.position(run.values[xKey]);
    const y = yScale.position(run.values[yKey]);
    return x === undefined || y === undefined ? [] : [{ run, cx: px(x), cy: py(y) }];
  });
  const unplotted = runs.filter((run) => !points.some((p) => p.run === run));
  const named = points.length <= MAX_NAMED_POINTS;

  return (
    <figure className="scatter-plot">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-title`}
        data-testid="scatter-plot"
      >
        <title id={`${id}-title`}>
          {`Scatter plot of ${yKey}${isLog(yScale) ? ' (log scale)' : ''} against ${xKey}${isLog(xScale) ? ' (log scale)' : ''}, ${points.length} runs; the data table lists the points`}
        </title>
        <g className="scatter-axis">
          <line x1={LEFT} x2={WIDTH - RIGHT} y1={HEIGHT - BOTTOM} y2={HEIGHT - BOTTOM} />
          <line x1={LEFT} x2={LEFT} y1={TOP} y2={HEIGHT - BOTTOM} />
          {xScale.ticks.map((tick) => (
            <g key={String(tick.value)} transform={`translate(${px(tick.at)} ${HEIGHT - BOTTOM})`}>
              <line y1={0} y2={5} />
              <text y={18} textAnchor="middle">
                {shortLabel(tick.label, 14)}
              </text>
            </g>
          ))}
          {yScale.ticks.map((tick) => (
            <g key={String(tick.value)} transform={`translate(${LEFT} ${py(tick.at)})`}>
              <line x1={-5} x2={0} />
              <text x={-8} dy="0.32em" textAnchor="end">
                {shortLabel(tick.label, 10)}
              </text>
            </g>
          ))}
          <text
            x={(LEFT + WIDTH - RIGHT) / 2}
            y={HEIGHT - 12}
            textAnchor="middle"
            className="axis-title"
          >
            {xKey}
            {isLog(xScale) && ' (log)'}
          </text>
          <text
            transform={`translate(16 ${(TOP + HEIGHT - BOTTOM) / 2}) rotate(-90)`}
            textAnchor="middle"
            className="axis-title"
          >
            {yKey}
            {isLog(yScale) && ' (log)'}
          </text>
        </g>
        {points.map(({ run, cx, cy }) => (
          <g
            key={run.runId}
            className={`scatter-point${hovered === run.runId ? ' highlighted' : ''}`}
            data-run-id={run.runId}
            data-x={valueText(run.values[xKey])}
            data-y={valueText(run.values[yKey])}
            onPointerEnter={() => setHovered(run.runId)}
            onPointerLeave={() => setHovered(null)}
          >
            <title>{`${run.name}: ${xKey} ${valueText(run.values[xKey])}, ${yKey} ${valueText(run.values[yKey])}`}</title>
            <circle cx={cx} cy={cy} r={hovered === run.runId ? 8 : 6} fill={run.style.color} />
            {(named || hovered === run.runId) && (
              <text x={cx + 10} y={cy} dy="0.32em" className="scatter-label">
                {shortLabel(run.name, 18)}
              </text>
            )}
          </g>
        ))}
      </svg>
      <figcaption>
        {linearInstead.length > 0 && (
          <p className="hint">
            Linear scale for {linearInstead.join(' and ')}: a log scale needs positive numbers.
          </p>
        )}
        {unplotted.length > 0 && (
          <p className="hint">
            Not plotted (a value is missing): {unplotted.map((r) => r.name).join(', ')}
          </p>
        )}
        <button
          type="button"
          className="link-button"
          aria-expanded={showTable}
          aria-controls={showTable ? `${id}-table` : undefined}
          onClick={() => setShowTable((shown) => !shown)}
        >
          {showTable ? 'Hide data table' : 'Show data table'}
        </button>
      </figcaption>
      {showTable && (
        <table className="data-table compact" id={`${id}-table`}>
          <caption>Scatter plot points</caption>
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">{xKey} (x)</th>
              <th scope="col">{yKey} (y)</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.runId} data-run-id={run.runId}>
                <th scope="row">{run.name}</th>
                <td className="num">{valueText(run.values[xKey]) || '—'}</td>
                <td className="num">{valueText(run.values[yKey]) || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </figure>
  );
}
