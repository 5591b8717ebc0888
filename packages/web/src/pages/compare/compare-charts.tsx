import { useMemo } from 'react';
import { ChartSettingsForm } from '../../charts/chart-settings-form.js';
import { MetricChart } from '../../charts/metric-chart.js';
import type { ChartRun } from '../../charts/metric-series.js';
import { useChartSettings } from '../../charts/use-chart-settings.js';
import { useUrlParams } from '../../search/use-url-params.js';
import { bareKey, readList, writeList } from './compared-run.js';
import type { ComparedRun } from './compared-run.js';
import { KeyPicker } from './key-picker.js';

interface CompareChartsProps {
  runs: readonly ComparedRun[];
  /** `metrics.<key>` of every metric any run logged. */
  metricKeys: readonly string[];
}

/**
 * The chosen metrics (`?metrics=loss,acc`; the first one when none is chosen), each a chart with
 * every compared run overlaid; x axis, smoothing and log scale shared (`x`, `smooth`, `log`).
 */
export function CompareCharts({ runs, metricKeys }: CompareChartsProps) {
  const { params, updateNow } = useUrlParams();
  const [settings, changeSettings] = useChartSettings();
  const chosen = readList(params.get('metrics'))
    .map((key) => `metrics.${key}`)
    .filter((key) => metricKeys.includes(key));
  const shown = chosen.length > 0 || params.has('metrics') ? chosen : metricKeys.slice(0, 1);
  const chartRuns: ChartRun[] = useMemo(
    () => runs.map(({ runId, name, style }) => ({ runId, name, style })),
    [runs],
  );
  return (
    <section aria-labelledby="charts-heading">
      <h2 id="charts-heading">Metric charts</h2>
      {metricKeys.length === 0 ? (
        <p className="empty">None of these runs logged a metric.</p>
      ) : (
        <>
          <div className="chart-toolbar">
            <KeyPicker
              legend="Metrics to chart"
              keys={metricKeys}
              selected={shown}
              bare
              onChange={(next) =>
                // A lone comma is the empty choice, which differs from none made (the default).
                updateNow({ metrics: writeList(next.map(bareKey)) ?? ',' })
              }
            />
            <ChartSettingsForm settings={settings} onChange={changeSettings} />
          </div>
          {shown.length === 0 && <p className="empty">Choose a metric to chart.</p>}
          <div className="chart-stack">
            {shown.map((key) => (
              <MetricChart
                key={key}
                metricKey={bareKey(key)}
                runs={chartRuns}
                settings={settings}
              />
            ))}
          </div>
        </>
      )}
    </section>
  );
}
