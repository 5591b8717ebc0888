import { MetricChart } from './metric-chart.js';
import type { MetricChartProps } from './metric-chart.js';
import { useInView } from './use-in-view.js';

/** A MetricChart that fetches and draws once scrolled near; a placeholder of its size until then. */
export function LazyMetricChart(props: MetricChartProps) {
  const [ref, inView] = useInView<HTMLDivElement>();
  return (
    <div ref={ref} className="lazy-chart" style={{ minHeight: (props.height ?? 260) + 120 }}>
      {inView ? <MetricChart {...props} /> : <p className="empty">{props.metricKey}</p>}
    </div>
  );
}
