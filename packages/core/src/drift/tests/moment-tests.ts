import { eppsSingletonSorted } from '../stats/epps-singleton.js';
import { studentTTest } from '../stats/t-test.js';
import { pBelow } from './stat-test.js';
import type { StatTest } from './stat-test.js';

/** Evidently's `t_test` calls SciPy `ttest_ind` with its default equal_var=True: Student's. */
export const tTest: StatTest = {
  name: 't_test',
  displayName: 't_test',
  columnTypes: ['numerical'],
  defaultThreshold: 0.05,
  scoreKind: 'p_value',
  isDrift: pBelow,
  score: (ref, cur) => {
    if (ref.size + cur.size < 3) return { skipped: 't_test needs at least three values in total' };
    return { score: studentTTest(ref.sorted(), cur.sorted()).pvalue };
  },
};

export const eppsSingletonTest: StatTest = {
  name: 'es',
  displayName: 'Epps-Singleton',
  columnTypes: ['numerical'],
  defaultThreshold: 0.05,
  scoreKind: 'p_value',
  isDrift: pBelow,
  score: (ref, cur) => {
    if (ref.size < 5 || cur.size < 5) return { skipped: 'es needs at least 5 values on each side' };
    const r = eppsSingletonSorted(ref.sorted(), cur.sorted());
    if (r === undefined) {
      return { skipped: 'es needs a non-zero interquartile range over reference and current' };
    }
    return { score: r.pvalue };
  },
};
