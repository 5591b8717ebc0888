import { SMALL_REFERENCE_MAX_ROWS } from '../drift/default-stattest.js';
import { numericalSample } from '../drift/sample.js';
import type { DriftSample } from '../drift/sample.js';
import { STAT_TESTS } from '../drift/tests/registry.js';
import type { StatTestName } from '../drift/tests/registry.js';
import type { StatTestOutcome, TestedColumnType } from '../drift/tests/stat-test.js';
import type { ProfileSide } from './profile-side.js';
import { SKETCH_TESTS } from './sketch-stat-tests.js';
import { quantileSample } from './weighted-cdf.js';

/** Size of the quantile pseudo-sample that stands in for a sketched side in value-based tests. */
export const PSEUDO_SAMPLE_SIZE = 10_000;

/** Distinct values over both sides, up to cap + 1; sketched numerical sides have > 1,000. */
function distinctUpTo(ref: ProfileSide, cur: ProfileSide, cap: number): number {
  const keys = new Set<unknown>();
  for (const side of [ref, cur]) {
    if (side.kind === 'categorical') for (const k of side.sample.counts().keys()) keys.add(k);
    else if (side.counts) for (const k of side.counts.keys()) keys.add(k);
    else if (side.exact) for (const k of side.exact.counts().keys()) keys.add(k);
    else return cap + 1;
    if (keys.size > cap) return cap + 1;
  }
  return keys.size;
}

/** `defaultStatTest` on profile sides: the same rules, read off true counts and exact counts. */
export function defaultProfileStatTest(
  type: TestedColumnType,
  ref: ProfileSide,
  cur: ProfileSide,
): StatTestName {
  const distinct = distinctUpTo(ref, cur, 5);
  if (ref.n <= SMALL_REFERENCE_MAX_ROWS) {
    if (type === 'numerical' && distinct > 5) return 'ks';
    return distinct > 2 ? 'chisquare' : 'z';
  }
  if (type === 'numerical') return distinct <= 5 ? 'jensenshannon' : 'wasserstein';
  return 'jensenshannon';
}

function asSample(side: ProfileSide): DriftSample {
  if (side.kind === 'categorical') return side.sample;
  return (
    side.exact ?? numericalSample(quantileSample(side.cdf(), Math.min(side.n, PSEUDO_SAMPLE_SIZE)))
  );
}

/**
 * Runs a test on two sides: the drift registry's own code when both are exact (so the score is
 * computeDrift's), a CDF/moment implementation for ks, wasserstein, jensenshannon, psi, kl_div
 * and t_test when a numerical side is sketched, and otherwise the registry's code on quantile
 * pseudo-samples of at most 10,000 points.
 */
export function scoreSides(
  name: StatTestName,
  ref: ProfileSide,
  cur: ProfileSide,
): StatTestOutcome {
  if (ref.kind === 'numerical' && cur.kind === 'numerical') {
    const sketched = ref.exact === undefined || cur.exact === undefined;
    const viaCdf = SKETCH_TESTS[name];
    if (sketched && viaCdf) return viaCdf(ref, cur);
    if (!sketched && name === 't_test') return SKETCH_TESTS.t_test!(ref, cur);
  }
  return STAT_TESTS[name].score(asSample(ref), asSample(cur));
}
