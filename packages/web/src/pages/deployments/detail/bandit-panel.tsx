import type { DeploymentStats, DeploymentView } from '@slipway/core';
import { NONE, formatCount, formatNumber, formatPercent } from '../format-figures.js';

type BanditView = NonNullable<DeploymentView['bandit']>;
type BanditStats = NonNullable<DeploymentStats['bandit']>;

/**
 * The bandit's arms: rewards received (pulls), their sum and mean, and the share of requests the
 * bandit sends each now. Rewards are shared by every server; the share comes with the live
 * statistics.
 */
export function BanditPanel({ view, stats }: { view: BanditView; stats: BanditStats | undefined }) {
  const live = new Map(stats?.arms.map((arm) => [arm.id, arm]));
  return (
    <section aria-labelledby="bandit-heading" className="dep-panel">
      <h2 id="bandit-heading">Bandit arms</h2>
      <p className="dep-muted">Algorithm: {stats?.algorithm ?? view.algorithm}</p>
      <table className="data-table compact">
        <caption className="visually-hidden">Bandit arms</caption>
        <thead>
          <tr>
            <th scope="col">Arm</th>
            <th scope="col">Pulls (rewards)</th>
            <th scope="col">Reward sum</th>
            <th scope="col">Mean reward</th>
            <th scope="col">Traffic now</th>
          </tr>
        </thead>
        <tbody>
          {(stats?.arms ?? view.arms).map((arm) => {
            const now = live.get(arm.id);
            return (
              <tr key={arm.id} data-arm={arm.id}>
                <th scope="row">{arm.id}</th>
                <td className="num">{formatCount(arm.pulls)}</td>
                <td className="num">{now === undefined ? NONE : formatNumber(now.rewardSum)}</td>
                <td className="num">{formatNumber(arm.meanReward)}</td>
                <td className="num">
                  {now === undefined ? NONE : formatPercent(now.trafficPercent)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
