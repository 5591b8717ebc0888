import { useQuery } from '@tanstack/react-query';
import { useId, useMemo } from 'react';
import { useParams } from 'react-router';
import { chartKeys } from '../api/chart-keys.js';
import { ErrorDisplay } from '../components/error-display.js';
import { Loading } from '../components/loading.js';
import { useUrlParams } from '../search/use-url-params.js';
import { useSignedIn } from '../session/use-session.js';
import '../styles/charts.css';
import { ChartSettingsForm } from './chart-settings-form.js';
import { LazyMetricChart } from './lazy-metric-chart.js';
import type { ChartRun } from './metric-series.js';
import { seriesStyle } from './series-style.js';
import { useChartSettings } from './use-chart-settings.js';

/**
 * `/runs/:runId/metrics`: every metric of one run, one small chart per key, with a key filter
 * (`?filter=`) and the chart settings (`x`, `smooth`, `log`) in the URL. Charts are fetched as
 * they scroll into view, so a run with hundreds of metrics opens quickly.
 */
export default function RunMetricsPanel({ runId: given }: { runId?: string }) {
  const params = useParams();
  const runId = given ?? params.runId ?? '';
  const { client } = useSignedIn();
  const filterId = useId();
  // The filter changes by the keystroke: each replaces the history entry, and applies at once so
  // the box keeps its caret as a plain input would.
  const { params: urlParams, updateNow: updateParams } = useUrlParams({ replace: true });
  const [settings, changeSettings] = useChartSettings();
  const filter = urlParams.get('filter') ?? '';
  const query = useQuery({
    queryKey: chartKeys.run(runId),
    queryFn: () => client.runs.get(runId),
    enabled: runId !== '',
  });
  const run = query.data;
  const runs: ChartRun[] = useMemo(
    () => (run === undefined ? [] : [{ runId, name: run.info.runName, style: seriesStyle(0) }]),
    [run, runId],
  );
  const keys = useMemo(() => [...new Set(run?.data.metrics.map((m) => m.key) ?? [])].sort(), [run]);
  const needle = filter.trim().toLowerCase();
  const shown = keys.filter((key) => key.toLowerCase().includes(needle));

  return (
    <section className="run-metrics" aria-labelledby={`${filterId}-heading`}>
      <h2 id={`${filterId}-heading`}>Metric charts</h2>
      {query.isPending && runId !== '' && <Loading label="Loading the run's metrics" />}
      {query.isError && (
        <ErrorDisplay
          error={query.error}
          title="Could not load the run"
          onRetry={() => void query.refetch()}
        />
      )}
      {run !== undefined && keys.length === 0 && (
        <p className="empty">This run has logged no metrics.</p>
      )}
      {run !== undefined && keys.length > 0 && (
        <>
          <div className="chart-toolbar">
            <div className="field">
              <label htmlFor={filterId}>Filter metrics</label>
              <input
                id={filterId}
                type="search"
                value={filter}
                placeholder="loss"
                onChange={(e) => updateParams({ filter: e.target.value })}
              />
            </div>
            <ChartSettingsForm settings={settings} onChange={changeSettings} />
          </div>
          <p className="hint" role="status">
            {shown.length === keys.length
              ? `${keys.length} ${keys.length === 1 ? 'metric' : 'metrics'}`
              : `${shown.length} of ${keys.length} metrics match “${filter}”`}
          </p>
          <div className="chart-grid">
            {shown.map((key) => (
              <LazyMetricChart
                key={key}
                metricKey={key}
                runs={runs}
                settings={settings}
                height={200}
              />
            ))}
          </div>
        </>
      )}
    </section>
  );
}
