// The names alone, apart from the tests: the API contract (and so the web UI's bundle) needs the
// list, not the statistics behind it.

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

export function isStatTestName(name: string): name is StatTestName {
  return (STAT_TEST_NAMES as readonly string[]).includes(name);
}
