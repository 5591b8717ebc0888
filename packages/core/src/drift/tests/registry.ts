import { andersonTest, cramerVonMisesTest, ksTest, mannWhitneyTest } from './rank-tests.js';
import { eppsSingletonTest, tTest } from './moment-tests.js';
import { empiricalMmdTest, energyDistanceTest, wassersteinTest } from './distance-tests.js';
import { hellingerTest, jensenShannonTest, klDivTest, psiTest } from './binned-tests.js';
import { chiSquareTest, fisherExactTest, gTest, tvdTest, zTest } from './category-tests.js';
import type { StatTest } from './stat-test.js';

/** Evidently's stat-test names, in the order Evidently's documentation lists them. */
export const STAT_TEST_NAMES = [
  'ks',
  'chisquare',
  'z',
  'wasserstein',
  'jensenshannon',
  'psi',
  'kl_div',
  'anderson',
  'cramer_von_mises',
  'hellinger',
  'mannw',
  'ed',
  'es',
  't_test',
  'empirical_mmd',
  'fisher_exact',
  'g_test',
  'TVD',
] as const;

export type StatTestName = (typeof STAT_TEST_NAMES)[number];

export const STAT_TESTS: Readonly<Record<StatTestName, StatTest>> = {
  ks: ksTest,
  chisquare: chiSquareTest,
  z: zTest,
  wasserstein: wassersteinTest,
  jensenshannon: jensenShannonTest,
  psi: psiTest,
  kl_div: klDivTest,
  anderson: andersonTest,
  cramer_von_mises: cramerVonMisesTest,
  hellinger: hellingerTest,
  mannw: mannWhitneyTest,
  ed: energyDistanceTest,
  es: eppsSingletonTest,
  t_test: tTest,
  empirical_mmd: empiricalMmdTest,
  fisher_exact: fisherExactTest,
  g_test: gTest,
  TVD: tvdTest,
};

export function isStatTestName(name: string): name is StatTestName {
  return Object.prototype.hasOwnProperty.call(STAT_TESTS, name);
}
