import { useMemo } from 'react';
import type { DeploymentView } from '@slipway/core';
import { Loading } from '../../../components/loading.js';
import { formatPercent } from '../format-figures.js';
import { versionKey } from './live-history.js';
import { LiveCharts } from './live-charts.js';
import { LiveFigures } from './live-figures.js';
import { versionKeys } from './live-series.js';
import { LiveStatus } from './live-status.js';
import { versionColor } from './series-colors.js';
import { SplitBar } from './traffic-split.js';
import type { SplitPart } from './traffic-split.js';
import type { LiveStats } from './use-live-stats.js';
import { VersionTable } from './version-table.js';

/** Separates version keys in a memo key: they never hold a line feed. */
const SEPARATOR = '\n';

/**
 * The deployment's traffic as the statistics stream reports it each second: the figures of all
 * versions, the split per version (routed by the policy and observed), each version's figures,
 * and the same over time as charts.
 */
export function LiveTraffic({ live, deployment }: { live: LiveStats; deployment: DeploymentView }) {
  const latest = live.history.latest;
  const points = live.history.points;
  // Colours follow the versions the server lists now, then any seen earlier in the span.
  const signature = [
    ...new Set([...(latest?.versions.map(versionKey) ?? []), ...versionKeys(points)]),
  ].join(SEPARATOR);
  const order = useMemo(() => (signature === '' ? [] : signature.split(SEPARATOR)), [signature]);
  const colorOf = (key: string) => versionColor(Math.max(0, order.indexOf(key)));

  let routed: SplitPart[];
  let observed: SplitPart[] = [];
  if (latest === undefined) {
    routed = deployment.variants.map((variant) => {
      const key = versionKey({ variant: variant.id, model: variant.resolved });
      return { key, percent: variant.trafficPercent, color: colorOf(key) };
    });
  } else {
    const serving = latest.versions.filter((version) => version.role === 'serving');
    routed = serving.map((version) => ({
      key: versionKey(version),
      percent: version.trafficPercent,
      color: colorOf(versionKey(version)),
    }));
    observed = serving.map((version) => ({
      key: versionKey(version),
      percent: version.observedPercent ?? 0,
      color: colorOf(versionKey(version)),
    }));
  }
  const shadow = latest?.versions.find((version) => version.role === 'shadow');

  return (
    <>
      <section aria-labelledby="live-heading" className="dep-live">
        <h2 id="live-heading">Live traffic</h2>
        <LiveStatus live={live} />
        {latest !== undefined && <LiveFigures overall={latest.overall} />}
        <h3>Traffic split</h3>
        <SplitBar
          label="Routed by the policy"
          parts={routed}
          empty="No version is routed traffic."
        />
        {latest !== undefined && (
          <SplitBar
            label="Observed over the last minute"
            parts={observed}
            empty="No requests over the last minute."
          />
        )}
        {shadow !== undefined && (
          <p>
            Mirrored to the challenger ({versionKey(shadow)}):{' '}
            <strong>{formatPercent(shadow.trafficPercent)}</strong> of requests.
          </p>
        )}
        <h3>Per version</h3>
        {latest === undefined ? (
          live.state !== 'failed' && <Loading label="Waiting for the first figures" />
        ) : (
          <VersionTable versions={latest.versions} colorOf={colorOf} />
        )}
      </section>
      <LiveCharts points={points} versions={order} />
    </>
  );
}
