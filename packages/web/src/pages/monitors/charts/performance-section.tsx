import { useMemo } from 'react';
import type { MonitorRun } from '@slipway/sdk';
import { formatMs, formatNumber, formatPercent } from '../../deployments/format-figures.js';
import { ERROR_COLOR, LATENCY_COLORS } from '../../deployments/live/series-colors.js';
import type { VersionChoice } from '../run-versions.js';
import { RunLineChart } from './run-line-chart.js';
import { coverageSeries, hasValues, performanceSeries, servingSeries } from './run-series.js';
import type { RunSeries } from './run-series.js';

/** Constants, so a chart's options are not rebuilt for a new array of the same colours. */
const COVERAGE_COLORS = ['#0e7490'];
const METRIC_COLORS = ['#1d4ed8'];
const ERROR_COLORS = [ERROR_COLOR];
const LATENCY_LINE_COLORS = [LATENCY_COLORS.p50, LATENCY_COLORS.p95, LATENCY_COLORS.p99];

interface RunChartsProps {
  runs: readonly MonitorRun[];
  version: VersionChoice;
}

/** One line of a series, as a series of its own (a chart per metric). */
function single(series: RunSeries, index: number): RunSeries {
  const line = series.lines[index];
  return { xs: series.xs, lines: line === undefined ? [] : [line] };
}

/**
 * Model performance from ground truth per run, a chart per metric (their scales differ by orders
 * of magnitude: MAPE beside R²), with the share of each window that had ground truth beside
 * them: a metric over 5 % of the window says less than over 90 %.
 */
export function PerformanceSection({ runs, version }: RunChartsProps) {
  const metrics = useMemo(() => performanceSeries(runs, version), [runs, version]);
  const perMetric = useMemo(() => metrics.lines.map((_, i) => single(metrics, i)), [metrics]);
  const coverage = useMemo(() => coverageSeries(runs, version), [runs, version]);
  return (
    <section aria-labelledby="performance-heading">
      <h2 id="performance-heading">Performance</h2>
      {hasValues(metrics) || hasValues(coverage) ? (
        <div className="mon-chart-grid">
          {perMetric.map((series, i) => (
            <RunLineChart
              key={series.lines[0]?.label ?? i}
              title={series.lines[0]?.label ?? 'metric'}
              unit="value"
              series={series}
              format={formatNumber}
              height={140}
              colors={METRIC_COLORS}
            />
          ))}
          <RunLineChart
            title="Ground-truth coverage"
            unit="% of the window"
            series={coverage}
            format={formatPercent}
            height={140}
            colors={COVERAGE_COLORS}
          />
        </div>
      ) : (
        <p className="mon-muted">
          No performance yet: give the monitor a <code>performance</code> section and attach ground
          truth to the deployment&apos;s predictions.
        </p>
      )}
    </section>
  );
}

/** The error rate and latency of each run's window, from the prediction log. */
export function ServingSection({ runs, version }: RunChartsProps) {
  const serving = useMemo(() => servingSeries(runs, version), [runs, version]);
  return (
    <section aria-labelledby="serving-heading">
      <h2 id="serving-heading">Serving</h2>
      {hasValues(serving.errorRate) || hasValues(serving.latency) ? (
        <div className="mon-chart-grid">
          <RunLineChart
            title="Error rate"
            unit="% of requests"
            series={serving.errorRate}
            format={formatPercent}
            colors={ERROR_COLORS}
          />
          <RunLineChart
            title="Latency"
            unit="ms"
            series={serving.latency}
            format={formatMs}
            colors={LATENCY_LINE_COLORS}
          />
        </div>
      ) : (
        <p className="mon-muted">No serving figures in these runs.</p>
      )}
    </section>
  );
}
