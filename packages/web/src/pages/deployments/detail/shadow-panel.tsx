import type { DeploymentStats, DeploymentView } from '@slipway/core';
import { NONE, formatCount, formatNumber, formatPercent, formatRatio } from '../format-figures.js';

type ShadowView = NonNullable<DeploymentView['shadow']>;
type ShadowStats = NonNullable<DeploymentStats['shadow']>;

/**
 * How the shadow challenger compares with the primary: how many requests were mirrored and
 * answered, and how often (and by how much) the two answers agree. The live statistics cover the
 * last minute; without them, the deployment's own counters.
 */
export function ShadowPanel({ view, stats }: { view: ShadowView; stats: ShadowStats | undefined }) {
  const figures = stats ?? view;
  const facts: [string, string, string][] = [
    ['Mirrored share', formatPercent(figures.percent), 'percent'],
    ['Agreement', formatRatio(figures.agreementRate), 'agreement'],
    ['Mean absolute difference', formatNumber(figures.meanAbsoluteDifference), 'difference'],
    ['Rows compared', formatCount(figures.comparedRows), 'compared'],
    ['Rows agreeing', stats === undefined ? NONE : formatCount(stats.agreedRows), 'agreed'],
    ['Mirrored', formatCount(figures.mirrored), 'mirrored'],
    ['Answered', formatCount(figures.completed), 'completed'],
    ['Challenger errors', formatCount(figures.errors), 'errors'],
    ['Dropped (too many in flight)', formatCount(figures.dropped), 'dropped'],
  ];
  return (
    <section aria-labelledby="shadow-heading" className="dep-panel">
      <h2 id="shadow-heading">Shadow agreement</h2>
      <p className="dep-muted">
        {stats === undefined
          ? 'Since this server loaded the deployment.'
          : 'Over the last minute, as this server saw it.'}
      </p>
      <dl className="facts">
        {facts.map(([label, value, id]) => (
          <div key={id}>
            <dt>{label}</dt>
            <dd className="num" data-figure={`shadow-${id}`}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
