import type { TrafficFiguresView } from '@slipway/core';
import { formatCount, formatMs, formatRate, formatRatio } from '../format-figures.js';

/** The deployment's figures now, as text: what the charts draw, readable and testable. */
export function LiveFigures({ overall }: { overall: TrafficFiguresView }) {
  const figures: [label: string, value: string, id: string][] = [
    ['Requests per second', formatRate(overall.rps), 'rps'],
    ['Requests', formatCount(overall.requests), 'requests'],
    ['p50 latency', formatMs(overall.p50LatencyMs), 'p50'],
    ['p95 latency', formatMs(overall.p95LatencyMs), 'p95'],
    ['p99 latency', formatMs(overall.p99LatencyMs), 'p99'],
    ['Error rate', formatRatio(overall.errorRate), 'error-rate'],
    ['Errors', formatCount(overall.errors), 'errors'],
    ['Refused inputs', formatCount(overall.clientErrors), 'client-errors'],
  ];
  return (
    <dl className="dep-figures" data-testid="live-figures">
      {figures.map(([label, value, id]) => (
        <div key={id}>
          <dt>{label}</dt>
          <dd className="num" data-figure={id}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
