import { formatValue } from './format-value.js';
import type { ChartRun } from './metric-series.js';
import { SeriesSwatch } from './series-swatch.js';

interface ChartLegendProps {
  runs: readonly ChartRun[];
  /** Runs without a point of this metric, marked as such. */
  missing: ReadonlySet<string>;
  /** Each run's value under the pointer, while hovering. */
  values?: ReadonlyArray<number | null> | undefined;
}

/** Which line is which run: the line's colour and dash, the run's name, the hovered value. */
export function ChartLegend({ runs, missing, values }: ChartLegendProps) {
  return (
    <ul className="chart-legend" aria-label="Runs">
      {runs.map((run, i) => {
        const value = values?.[i];
        return (
          <li key={run.runId} data-run-id={run.runId}>
            <SeriesSwatch style={run.style} />
            <span className="chart-legend-name">{run.name}</span>
            {missing.has(run.runId) && <span className="chart-legend-note">(not logged)</span>}
            {value !== undefined && (
              <span className="chart-legend-value mono">
                {value === null ? '—' : formatValue(value)}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
