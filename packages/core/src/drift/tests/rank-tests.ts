import { andersonKSampleSorted } from '../stats/anderson-ksamp.js';
import { cramerVonMisesSorted } from '../stats/cramer-von-mises.js';
import { ksTwoSampleSorted } from '../stats/ks-two-sample.js';
import { mannWhitneyUSorted } from '../stats/mann-whitney.js';
import { pAtOrBelow, pBelow } from './stat-test.js';
import type { StatTest } from './stat-test.js';

export const ksTest: StatTest = {
  name: 'ks',
  displayName: 'K-S p_value',
  columnTypes: ['numerical'],
  defaultThreshold: 0.05,
  scoreKind: 'p_value',
  isDrift: pAtOrBelow,
  score: (ref, cur) => ({ score: ksTwoSampleSorted(ref.sorted(), cur.sorted()).pvalue }),
};

export const andersonTest: StatTest = {
  name: 'anderson',
  displayName: 'Anderson-Darling',
  columnTypes: ['numerical'],
  defaultThreshold: 0.1,
  scoreKind: 'p_value',
  isDrift: pBelow,
  score: (ref, cur) => {
    const r = andersonKSampleSorted(ref.sorted(), cur.sorted());
    if (r === undefined) return { skipped: 'anderson needs at least two distinct values in total' };
    return { score: r.significanceLevel };
  },
};

export const cramerVonMisesTest: StatTest = {
  name: 'cramer_von_mises',
  displayName: 'Cramer-von Mises',
  columnTypes: ['numerical'],
  defaultThreshold: 0.1,
  scoreKind: 'p_value',
  isDrift: pAtOrBelow,
  score: (ref, cur) => {
    if (ref.size < 2 || cur.size < 2) {
      return { skipped: 'cramer_von_mises needs at least two values on each side' };
    }
    return { score: cramerVonMisesSorted(ref.sorted(), cur.sorted()).pvalue };
  },
};

/** Evidently's `mannw` asks SciPy for the one-sided alternative 'less' (reference < current). */
export const mannWhitneyTest: StatTest = {
  name: 'mannw',
  displayName: 'Mann-Whitney U-rank test',
  columnTypes: ['numerical'],
  defaultThreshold: 0.05,
  scoreKind: 'p_value',
  isDrift: pBelow,
  score: (ref, cur) => ({ score: mannWhitneyUSorted(ref.sorted(), cur.sorted(), 'less').pvalue }),
};
