import type { AbArmView } from './analysis-types.js';

/** How the winner of each policy goes live: promote for canary, a new spec for the others. */
function promoteAdvice(deployment: string, policy: string, arm: AbArmView): string {
  const who = `${arm.id} (${arm.modelName} version ${arm.modelVersion})`;
  if (policy === 'canary' && arm.variant === 'candidate') {
    return `Promote ${who} with \`slipway deployments promote ${deployment}\`.`;
  }
  if (policy === 'blue-green') {
    return `Switch to ${who} with \`slipway deployments promote ${deployment}\`.`;
  }
  return `Promote ${who}: give it all the traffic in the spec (or make it a single-model deployment) and run \`slipway deployments apply -f <spec>\`.`;
}

/** One sentence on what to do next, from the comparisons of the candidates with the control. */
export function recommendation(
  deployment: string,
  policy: string,
  arms: readonly AbArmView[],
  higherIsBetter: boolean,
  noData: string,
): string {
  if (arms.every((arm) => arm.count === 0)) return noData;
  const candidates = arms.filter((arm) => arm.comparison !== null);
  const control = arms.find((arm) => arm.isControl);
  if (control === undefined || candidates.length === 0) {
    return 'Only one arm has data: there is nothing to compare it with yet.';
  }
  const winners = candidates.filter((arm) => arm.comparison?.winner === 'candidate');
  if (winners.length > 0) {
    const sign = higherIsBetter ? 1 : -1;
    const best = winners.reduce((a, b) => (sign * (b.value ?? 0) > sign * (a.value ?? 0) ? b : a));
    return promoteAdvice(deployment, policy, best);
  }
  if (candidates.every((arm) => arm.comparison?.winner === 'control')) {
    const rollback = policy === 'canary' ? ` (\`slipway deployments rollback ${deployment}\`)` : '';
    return `Keep the control ${control.id}: it beats every candidate${rollback}.`;
  }
  if (candidates.every((arm) => arm.comparison?.verdict !== 'no_difference_yet')) {
    return `Stop the test: no candidate differs from the control ${control.id} by the minimum detectable effect or more.`;
  }
  const more = Math.max(0, ...candidates.map((arm) => arm.comparison?.neededMore ?? 0));
  return more > 0
    ? `Keep collecting: about ${more} more rows in the smaller arm before the test can decide.`
    : 'Keep collecting: the arms are too small to estimate the rows needed yet.';
}
