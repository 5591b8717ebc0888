import { deploymentVariants, invalidArgument } from '@slipway/core';
import type { DeploymentRecord } from '@slipway/core';
import type { ArmTally } from './arm-tally.js';

/** Among arms of one variant, the version the deployment serves now, else the busiest. */
function preferred(record: DeploymentRecord, indexes: number[], tallies: readonly ArmTally[]) {
  const current = indexes.find((i) => {
    const { variant, modelVersion, modelName } = (tallies[i] as ArmTally).key;
    const resolved = variant === null ? undefined : record.resolved[variant];
    return resolved?.version === modelVersion && resolved.name === modelName;
  });
  if (current !== undefined) return current;
  return indexes.reduce((best, i) =>
    (tallies[i] as ArmTally).count > (tallies[best] as ArmTally).count ? i : best,
  );
}

function indexesWhere(tallies: readonly ArmTally[], test: (tally: ArmTally) => boolean): number[] {
  return tallies.flatMap((tally, i) => (test(tally) ? [i] : []));
}

/**
 * The control arm's index: the one `asked` names (an arm id, a variant, a model version or
 * model/version), else the deployment's first variant (stable, primary, blue, the first listed).
 */
export function pickControl(
  record: DeploymentRecord,
  tallies: readonly ArmTally[],
  ids: readonly string[],
  asked: string | undefined,
): number {
  if (asked === undefined) {
    for (const { id } of deploymentVariants(record.spec.policy)) {
      const mine = indexesWhere(tallies, (t) => t.key.variant === id);
      if (mine.length > 0) return preferred(record, mine, tallies);
    }
    return 0;
  }
  const byId = ids.indexOf(asked);
  if (byId >= 0) return byId;
  const matchers: ((tally: ArmTally) => boolean)[] = [
    (t) => t.key.variant === asked,
    (t) => `${t.key.modelName}/${t.key.modelVersion}` === asked,
    (t) => t.key.modelVersion === asked,
  ];
  for (const matches of matchers) {
    const found = indexesWhere(tallies, matches);
    if (found.length === 1 || (found.length > 1 && matches === matchers[0])) {
      return preferred(record, found, tallies);
    }
    if (found.length > 1) {
      throw invalidArgument(
        `Control '${asked}' matches several arms (${found.map((i) => ids[i]).join(', ')}); name one of them.`,
      );
    }
  }
  throw invalidArgument(
    `Deployment '${record.name}' has no arm '${asked}' to use as the control; its arms are ${ids.map((id) => `'${id}'`).join(', ') || 'none'} (or give a model version).`,
  );
}
