import { memo } from 'react';
import type { ChartSettings } from './chart-settings.js';
import { formatSeconds, formatValue, formatWallTime } from './format-value.js';
import type { RunSeries } from './metric-series.js';

interface MetricDataTableProps {
  id: string;
  metricKey: string;
  series: readonly RunSeries[];
  settings: ChartSettings;
}

/**
 * The chart's points as a table, for screen readers, keyboard users and anyone wanting exact
 * numbers: every point received (the downsampled history), with the value as logged and as drawn.
 */
export const MetricDataTable = memo(function MetricDataTable({
  id,
  metricKey,
  series,
  settings,
}: MetricDataTableProps) {
  return (
    <div
      className="table-scroll"
      id={id}
      role="region"
      aria-label={`${metricKey} values`}
      tabIndex={0}
    >
      <table className="data-table compact metric-data-table">
        <caption>
          {metricKey}: points per run
          {settings.smoothing > 0 && `, smoothed with weight ${settings.smoothing}`}
          {settings.logY && ', log scale'}
        </caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Step</th>
            <th scope="col">Wall time</th>
            <th scope="col">Relative time</th>
            <th scope="col">Value</th>
            <th scope="col">Plotted value</th>
          </tr>
        </thead>
        <tbody>
          {series.flatMap(({ run, points }) =>
            points.map((p, i) => (
              <tr key={`${run.runId}-${i}`} data-run-id={run.runId}>
                <th scope="row">{run.name}</th>
                <td className="num">{p.step}</td>
                <td>
                  <time dateTime={new Date(p.timestamp).toISOString()}>
                    {formatWallTime(p.timestamp)}
                  </time>
                </td>
                <td className="num">{formatSeconds(p.relative)}</td>
                <td className="num">{formatValue(p.value)}</td>
                <td className="num">
                  {p.plotted === null ? 'not plotted' : formatValue(p.plotted)}
                </td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
});
