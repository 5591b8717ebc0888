import { useId, useMemo } from 'react';
import { useUrlParams } from '../../../search/use-url-params.js';
import { formatMs, formatPercent, formatRate } from '../format-figures.js';
import type { LivePoint } from './live-history.js';
import { LiveChart } from './live-chart.js';
import type { ColoredLine } from './live-chart.js';
import { DEFAULT_SPAN, SPANS, spanOf } from './live-series.js';
import { ERROR_COLOR, LATENCY_COLORS, OVERALL_COLOR, versionColor } from './series-colors.js';

const LATENCY_LINES: ColoredLine[] = [
  { label: 'p50', color: LATENCY_COLORS.p50, value: (p) => p.p50 },
  { label: 'p95', color: LATENCY_COLORS.p95, value: (p) => p.p95 },
  { label: 'p99', color: LATENCY_COLORS.p99, value: (p) => p.p99 },
];

const ERROR_LINES: ColoredLine[] = [
  {
    label: 'Error rate',
    color: ERROR_COLOR,
    value: (p) => (p.errorRate === null ? null : p.errorRate * 100),
  },
];

/** Separates version keys in a memo key: they never hold a line feed. */
const SEPARATOR = '\n';

interface LiveChartsProps {
  points: readonly LivePoint[];
  /** Every version, in the order (and so the colours) of the rest of the page. */
  versions: readonly string[];
}

/**
 * Requests per second (overall and per version), p50/p95/p99 latency and the error rate, as they
 * were each second over the span chosen in the URL (`?span=1m|5m|15m`). Each figure is the
 * server's rolling one-minute window at that second.
 */
export function LiveCharts({ points, versions }: LiveChartsProps) {
  const { params, updateNow } = useUrlParams();
  const span = spanOf(params.get('span'));
  const selectId = useId();
  const signature = versions.join(SEPARATOR);
  const rateLines = useMemo<ColoredLine[]>(
    () => [
      { label: 'All versions', color: OVERALL_COLOR, value: (p) => p.rps },
      ...(signature === '' ? [] : signature.split(SEPARATOR)).map((key, i) => ({
        label: key,
        color: versionColor(i),
        value: (p: LivePoint) => p.versions[key] ?? null,
      })),
    ],
    [signature],
  );
  return (
    <section aria-labelledby="live-charts-heading" className="dep-charts">
      <div className="dep-section-header">
        <h2 id="live-charts-heading">Over time</h2>
        <div className="field inline">
          <label htmlFor={selectId}>Show</label>
          <select
            id={selectId}
            value={span.value}
            onChange={(event) =>
              updateNow({
                span: event.target.value === DEFAULT_SPAN ? undefined : event.target.value,
              })
            }
          >
            {SPANS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="dep-chart-grid">
        <LiveChart
          title="Requests per second"
          unit="requests/s"
          lines={rateLines}
          points={points}
          spanMs={span.ms}
          format={(v) => (v === null ? '—' : formatRate(v))}
        />
        <LiveChart
          title="Latency"
          unit="ms"
          lines={LATENCY_LINES}
          points={points}
          spanMs={span.ms}
          format={formatMs}
        />
        <LiveChart
          title="Error rate"
          unit="% of requests"
          lines={ERROR_LINES}
          points={points}
          spanMs={span.ms}
          format={formatPercent}
        />
      </div>
    </section>
  );
}
