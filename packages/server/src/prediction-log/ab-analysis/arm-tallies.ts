import type { BanditState, DeploymentRecord } from '@slipway/core';
import type { OutcomeGroupFromStore } from './analysis-types.js';
import { ArmTally } from './arm-tally.js';
import type { ArmKey } from './arm-tally.js';
import { absoluteError, correctness } from './outcome-score.js';

function keyText(key: ArmKey): string {
  return JSON.stringify([key.variant, key.modelName, key.modelVersion]);
}

/** Tallies by arm, starting with the deployment's current variants so an idle one shows as 0 rows. */
class Tallies {
  private readonly byKey = new Map<string, ArmTally>();

  constructor(record: DeploymentRecord) {
    for (const [variant, resolved] of Object.entries(record.resolved)) {
      this.get({ variant, modelName: resolved.name, modelVersion: resolved.version });
    }
  }

  get(key: ArmKey): ArmTally {
    const text = keyText(key);
    let tally = this.byKey.get(text);
    if (tally === undefined) {
      tally = new ArmTally(key);
      this.byKey.set(text, tally);
    }
    return tally;
  }

  list(): ArmTally[] {
    return [...this.byKey.values()];
  }
}

/** Scores the grouped labelled predictions: correct (0 / 1) or absolute error per group. */
export function groundTruthTallies(
  record: DeploymentRecord,
  groups: readonly OutcomeGroupFromStore[],
  outcome: 'correct' | 'error',
): ArmTally[] {
  const tallies = new Tallies(record);
  const score = outcome === 'correct' ? correctness : absoluteError;
  for (const group of groups) {
    const tally = tallies.get({
      variant: group.variant,
      modelName: group.modelName,
      modelVersion: group.modelVersion,
    });
    const value = score(group.outputs, group.label);
    if (value === undefined) tally.skipped += group.count;
    else tally.add(value, group.count);
  }
  return tallies.list();
}

/**
 * The bandit keeps a count and a sum of rewards per arm, not each reward, so the variance is
 * taken at its largest given the mean and the range (Bhatia–Davis, (max − μ)(μ − min)), times
 * n / (n − 1) as a sample variance: exact when every reward sits at an end of the range (0 / 1
 * rewards, where Welch's test then matches the unpooled two-proportion test), conservative
 * (wider intervals, larger p-values) otherwise.
 */
export function rewardTallies(record: DeploymentRecord, bandit: BanditState): ArmTally[] {
  const { min, max } = bandit.reward;
  return bandit.arms.map((arm) => {
    const resolved = record.resolved[arm.id];
    const key = {
      variant: arm.id,
      modelName: resolved?.name ?? arm.id,
      modelVersion: resolved?.version ?? '?',
    };
    const n = arm.pulls;
    const mean = n === 0 ? 0 : Math.min(max, Math.max(min, arm.rewardSum / n));
    const variance = n < 2 ? 0 : ((max - mean) * (mean - min) * n) / (n - 1);
    return ArmTally.fromSummary(key, { count: n, mean, variance });
  });
}

/** `variant`, or `variant@model/version` when one variant served several versions. */
export function armIds(tallies: readonly ArmTally[]): string[] {
  const perVariant = new Map<string | null, number>();
  for (const { key } of tallies)
    perVariant.set(key.variant, (perVariant.get(key.variant) ?? 0) + 1);
  return tallies.map(({ key }) => {
    const version = `${key.modelName}/${key.modelVersion}`;
    if (key.variant === null) return version;
    return perVariant.get(key.variant) === 1 ? key.variant : `${key.variant}@${version}`;
  });
}
