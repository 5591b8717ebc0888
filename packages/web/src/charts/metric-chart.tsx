import { useCallback, useId, useMemo, useState } from 'react';
import type uPlot from 'uplot';
import type { StepRange } from '../api/chart-keys.js';
import { ErrorDisplay } from '../components/error-display.js';
import { Loading } from '../components/loading.js';
import { chartOptions } from './chart-options.js';
import { ChartLegend } from './chart-legend.js';
import { xAxisLabel } from './chart-settings.js';
import type { ChartSettings } from './chart-settings.js';
import { formatSeconds, formatValue, formatWallTime } from './format-value.js';
import { MetricDataTable } from './metric-data-table.js';
import { alignSeries, buildSeries, nearestValue } from './metric-series.js';
import type { ChartRun, RunSeries } from './metric-series.js';
import { UplotCanvas } from './uplot-canvas.js';
import { useMetricHistories } from './use-metric-histories.js';

export interface MetricChartProps {
  metricKey: string;
  /** The runs overlaid, in legend order; each with the style it has on the whole page. */
  runs: readonly ChartRun[];
  settings: ChartSettings;
  /** Canvas height in CSS pixels. */
  height?: number;
  /** The chart's heading level in the page's outline. */
  headingLevel?: 2 | 3 | 4;
}

function xReadout(settings: ChartSettings, x: number): string {
  if (settings.xAxis === 'wall') return formatWallTime(x * 1000);
  if (settings.xAxis === 'relative') return formatSeconds(x);
  return formatValue(x);
}

/**
 * One metric of several runs overlaid on a uPlot canvas, from the server's downsampled history:
 * x axis, smoothing and log scale from `settings`; values under the pointer in the legend; the
 * same points as a table on request.
 */
export function MetricChart({
  metricKey,
  runs,
  settings: given,
  height = 260,
  headingLevel = 3,
}: MetricChartProps) {
  // Pages rebuild the settings object on every render; the chart is rebuilt only when they change.
  const { xAxis, smoothing, logY } = given;
  const settings = useMemo(() => ({ xAxis, smoothing, logY }), [xAxis, smoothing, logY]);
  const tableId = useId();
  const [showTable, setShowTable] = useState(false);
  const [hoverIdx, setHoverIdx] = useState<number | null>(null);
  // Zoomed into a range of steps: that range is fetched afresh, at full detail.
  const [zoom, setZoom] = useState<{ xAxis: string; steps: StepRange } | undefined>(undefined);
  const steps = zoom !== undefined && zoom.xAxis === xAxis ? zoom.steps : undefined;
  const histories = useMetricHistories(
    runs.map((r) => r.runId),
    metricKey,
    steps,
  );

  const series: RunSeries[] = useMemo(
    () =>
      runs.map((run) => ({
        run,
        points: buildSeries(histories.data[run.runId] ?? [], settings),
      })),
    [runs, histories.data, settings],
  );
  const aligned = useMemo(() => alignSeries(series.map((s) => s.points)), [series]);
  const data = useMemo(() => [aligned.xs, ...aligned.ys] as uPlot.AlignedData, [aligned]);
  const logPossible = aligned.ys.some((column) => column.some((v) => v !== null));
  const options = useMemo(
    () => chartOptions(metricKey, runs, settings, logPossible),
    [metricKey, runs, settings, logPossible],
  );
  const onCursor = useCallback((idx: number | null) => setHoverIdx(idx), []);
  const onZoom = useCallback(
    (range: { min: number; max: number } | null) => {
      // Only the step axis maps to the API's step range; time axes zoom what was fetched.
      if (range === null || xAxis !== 'step') return setZoom(undefined);
      const start = Math.max(0, Math.floor(range.min));
      const end = Math.ceil(range.max);
      if (end > start) setZoom({ xAxis, steps: { start, end } });
    },
    [xAxis],
  );

  const Heading = `h${headingLevel}` as const;
  const missing = new Set(series.filter((s) => s.points.length === 0).map((s) => s.run.runId));
  const hoverX = hoverIdx === null ? undefined : aligned.xs[hoverIdx];
  const hoverValues =
    hoverIdx === null ? undefined : aligned.ys.map((column) => nearestValue(column, hoverIdx));
  const pointCount = series.reduce((n, s) => n + s.points.length, 0);
  const description = `Line chart of ${metricKey} against ${xAxisLabel(settings.xAxis).toLowerCase()} for ${runs.length === 1 ? 'one run' : `${runs.length} runs`}${settings.logY ? ', log scale' : ''}. The data table lists the values.`;

  return (
    <section
      className="metric-chart"
      aria-label={`Chart of ${metricKey}`}
      data-metric-key={metricKey}
      data-points={pointCount}
      data-zoomed-steps={steps === undefined ? undefined : `${steps.start}-${steps.end}`}
    >
      <Heading className="metric-chart-title">{metricKey}</Heading>
      {histories.isPending && <Loading label={`Loading ${metricKey}`} />}
      {histories.error !== undefined && (
        <ErrorDisplay
          error={histories.error}
          title={`Could not load ${metricKey}`}
          onRetry={histories.refetch}
        />
      )}
      {!histories.isPending && histories.error === undefined && pointCount === 0 && (
        <p className="empty">No run logged {metricKey}.</p>
      )}
      {!histories.isPending && pointCount > 0 && (
        <>
          <div className="metric-chart-canvas" role="img" aria-label={description}>
            <UplotCanvas
              options={options}
              data={data}
              height={height}
              onCursor={onCursor}
              onZoom={onZoom}
            />
          </div>
          <p className="chart-readout" aria-hidden="true">
            {hoverX === undefined
              ? 'Point at the chart to read values; drag to zoom, double-click to reset.'
              : `${xAxisLabel(settings.xAxis)}: ${xReadout(settings, hoverX)}`}
          </p>
          {settings.logY && !logPossible && (
            <p className="hint">No positive values: drawn on a linear scale.</p>
          )}
          <ChartLegend runs={runs} missing={missing} values={hoverValues} />
          <button
            type="button"
            className="link-button"
            aria-expanded={showTable}
            aria-controls={showTable ? tableId : undefined}
            onClick={() => setShowTable((shown) => !shown)}
          >
            {showTable ? 'Hide data table' : 'Show data table'}
          </button>
          {showTable && (
            <MetricDataTable
              id={tableId}
              metricKey={metricKey}
              series={series}
              settings={settings}
            />
          )}
        </>
      )}
    </section>
  );
}
