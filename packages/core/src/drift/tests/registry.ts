import { andersonTest, cramerVonMisesTest, ksTest, mannWhitneyTest } from './rank-tests.js';
import { eppsSingletonTest, tTest } from './moment-tests.js';
import { empiricalMmdTest, energyDistanceTest, wassersteinTest } from './distance-tests.js';
import { hellingerTest, jensenShannonTest, klDivTest, psiTest } from './binned-tests.js';
import { chiSquareTest, fisherExactTest, gTest, tvdTest, zTest } from './category-tests.js';
import type { StatTest } from './stat-test.js';
import { STAT_TEST_NAMES } from './stat-test-names.js';
import type { StatTestName } from './stat-test-names.js';

export { STAT_TEST_NAMES };
export type { StatTestName };

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
