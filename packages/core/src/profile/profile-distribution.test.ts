import { describe, expect, it } from 'vitest';
import {
  OTHER_CATEGORY,
  categoricalDistribution,
  numericalDistribution,
} from '../distribution/column-distribution.js';
import type { CategoricalSummary, NumericalSummary } from './data-profile.js';
import { driftFromProfiles } from './drift-from-profiles.js';
import { KLL_RANK_ERROR } from './kll-sketch.js';
import { profileColumnDistribution, profileDriftDistributions } from './profile-distribution.js';
import { profileTable } from './profile-table.js';
import { syntheticColumn, tableOf } from './synthetic-columns.js';

function profileOf(column: Float64Array | string[], options = {}) {
  return profileTable(tableOf({ x: column }), options).columns[0]!;
}

describe('profileColumnDistribution', () => {
  it('reads a sketched numerical reference within twice the KLL rank error per bin', () => {
    for (const kind of ['normal', 'lognormal', 'bimodal']) {
      const ref = syntheticColumn(kind, 200_000, 1);
      const cur = syntheticColumn('shifted', 50_000, 2);
      const profile = profileOf(ref);
      const summary = profile.summary as NumericalSummary;
      expect(summary.valueCounts).toBeUndefined();
      expect(summary.values).toBeUndefined();
      const exact = numericalDistribution(ref, cur);
      const derived = profileColumnDistribution(profile, 'numerical', cur)!;
      // The profile's min and max are exact, so the bins are the ones the rows give.
      expect(derived.edges).toEqual(exact.edges);
      expect(derived.labels).toHaveLength(30);
      expect(derived.current).toEqual(exact.current);
      const errors = derived.reference.map((s, i) => Math.abs(s - exact.reference[i]!));
      // Each share is F(right edge) - F(left edge) of the sketch: two CDF errors at most.
      expect(Math.max(...errors)).toBeLessThanOrEqual(2 * KLL_RANK_ERROR);
      expect(derived.reference.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    }
  });

  it('is exact when the profile kept value counts or the values', () => {
    const ties = syntheticColumn('ties', 100_000, 3);
    const cur = syntheticColumn('ties', 20_000, 4).map((x) => x + 0.5);
    const counted = profileOf(ties);
    expect((counted.summary as NumericalSummary).valueCounts).toBeDefined();
    expect(profileColumnDistribution(counted, 'numerical', cur)).toEqual(
      numericalDistribution(ties, cur),
    );
    const few = syntheticColumn('lognormal', 3000, 5);
    const kept = profileOf(few);
    expect((kept.summary as NumericalSummary).values).toHaveLength(3000);
    expect(profileColumnDistribution(kept, 'numerical', cur)).toEqual(
      numericalDistribution(few, cur),
    );
    // A numerical column tested as categories reads its value counts as categories.
    const small = Float64Array.from({ length: 900 }, (_, i) => i % 4);
    expect(
      profileColumnDistribution(profileOf(small), 'categorical', Float64Array.of(0, 1, 1, 7)),
    ).toEqual(categoricalDistribution(small, Float64Array.of(0, 1, 1, 7)));
  });

  it('reads exact category counts exactly, and frequent items within their undercount', () => {
    // 40 categories of falling frequency, then a long tail of 3,000 rare ones.
    const values: string[] = [];
    for (let i = 0; i < 40; i++)
      for (let j = 0; j < Math.floor(3000 * 0.88 ** i); j++) values.push(`c${i}`);
    for (let i = 0; i < 3000; i++) values.push(`tail${i}`, `tail${i}`);
    const cur = values.filter((_, i) => i % 3 === 0).reverse();
    const exact = categoricalDistribution(values, cur);
    expect(exact.labels).toHaveLength(21);

    expect(profileColumnDistribution(profileOf(values), 'categorical', cur)).toEqual(exact);

    const sketched = profileOf(values, { maxCategoryCounts: 100, frequentItemsK: 100 });
    const fi = (sketched.summary as CategoricalSummary).frequentItems!;
    expect(fi.maxUndercount).toBeGreaterThan(0);
    const derived = profileColumnDistribution(sketched, 'categorical', cur)!;
    expect(derived.labels).toEqual(exact.labels);
    expect(derived.current).toEqual(exact.current);
    const bound = fi.maxUndercount / values.length;
    for (let i = 0; i < 20; i++) {
      // Misra-Gries counts are lower bounds, at most maxUndercount short.
      expect(derived.reference[i]!).toBeLessThanOrEqual(exact.reference[i]! + 1e-12);
      expect(derived.reference[i]!).toBeGreaterThanOrEqual(exact.reference[i]! - bound - 1e-12);
    }
    // What the summary no longer names is shown as the "(other)" bucket.
    expect(derived.labels[20]).toBe(OTHER_CATEGORY);
    expect(derived.reference.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  });

  it('gives nothing for a profile that cannot be read as the type', () => {
    const text = profileOf(['a', 'b']);
    expect(profileColumnDistribution(text, 'numerical', Float64Array.of(1))).toBeUndefined();
    const many = profileOf(syntheticColumn('normal', 10_000, 6));
    expect(profileColumnDistribution(many, 'categorical', ['a'])).toBeUndefined();
  });
});

describe('profileDriftDistributions', () => {
  it('draws every tested column of a drift report and no skipped one', () => {
    const n = 2000;
    const reference = tableOf({
      age: syntheticColumn('normal', n, 7),
      city: Array.from({ length: n }, (_, i) => ['a', 'b', 'c'][i % 3]!),
      empty: Array.from({ length: n }, () => null),
    });
    const current = tableOf({
      age: syntheticColumn('shifted', 500, 8),
      city: Array.from({ length: 500 }, (_, i) => (i % 5 === 0 ? 'a' : 'c')),
      empty: Array.from({ length: 500 }, () => null),
    });
    const report = driftFromProfiles(profileTable(reference), current);
    expect(report.columns.find((c) => c.column === 'empty')?.skipped).toBeDefined();
    const distributions = profileDriftDistributions(report, profileTable(reference), current);
    expect([...distributions.keys()]).toEqual(['age', 'city']);
    expect(distributions.get('city')).toEqual(
      categoricalDistribution(reference.columns.get('city')!, current.columns.get('city')!),
    );
    expect(distributions.get('age')).toEqual(
      numericalDistribution(
        reference.columns.get('age') as Float64Array,
        current.columns.get('age') as Float64Array,
      ),
    );
  });
});
