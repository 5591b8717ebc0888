import { describe, expect, it } from 'vitest';
import type { CategoricalSummary, NumericalSummary } from './data-profile.js';
import { mergeProfiles } from './merge-profiles.js';
import { profileTable } from './profile-table.js';
import { syntheticColumn, tableOf } from './synthetic-columns.js';
import { cdfFromKll, weightAtMost } from './weighted-cdf.js';

function part(n: number, seed: number, offset: number) {
  return tableOf({
    x: syntheticColumn('bimodal', n, seed),
    ties: syntheticColumn('ties', n, seed + 1),
    word: Array.from({ length: n }, (_, i) => (i % 5 === 0 ? null : `w${(i + offset) % 3000}`)),
  });
}

describe('mergeProfiles(profile(A), profile(B)) ≈ profile(A ∪ B)', () => {
  const a = part(60_000, 1, 0);
  const b = part(40_000, 3, 1500);
  const union = tableOf(
    Object.fromEntries(
      a.columnNames.map((n) => {
        const x = a.columns.get(n)!;
        const y = b.columns.get(n)!;
        return [n, x instanceof Float64Array ? Float64Array.from([...x, ...y]) : [...x, ...y]];
      }),
    ) as never,
  );
  const merged = mergeProfiles(profileTable(a), profileTable(b));
  const whole = profileTable(union);
  it('adds counts and merges moments exactly (up to rounding)', () => {
    expect(merged.rowCount).toBe(100_000);
    for (const [m, w] of merged.columns.map((c, i) => [c, whole.columns[i]!] as const)) {
      expect([m.count, m.missing, m.infinite, m.type, m.shape]).toEqual([
        w.count,
        w.missing,
        w.infinite,
        w.type,
        w.shape,
      ]);
    }
    const m = merged.columns[0]!.summary as NumericalSummary;
    const w = whole.columns[0]!.summary as NumericalSummary;
    expect(m.mean).toBeCloseTo(w.mean, 10);
    expect(m.m2 / w.m2).toBeCloseTo(1, 10);
    expect([m.min, m.max, m.n]).toEqual([w.min, w.max, w.n]);
  });
  it('keeps exact counts exact and the merged KLL within the rank bound', () => {
    const ties = merged.columns[1]!.summary as NumericalSummary;
    expect(ties.valueCounts).toEqual((whole.columns[1]!.summary as NumericalSummary).valueCounts);
    const words = merged.columns[2]!.summary as CategoricalSummary;
    const sort = (e: [unknown, number][]) =>
      [...e].sort((p, q) => String(p[0]).localeCompare(String(q[0])));
    expect(sort(words.counts!)).toEqual(
      sort((whole.columns[2]!.summary as CategoricalSummary).counts!),
    );
    const mc = cdfFromKll((merged.columns[0]!.summary as NumericalSummary).kll);
    const sorted = Float64Array.from(union.columns.get('x') as Float64Array).sort();
    for (const q of [0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99]) {
      const x = sorted[Math.floor(q * sorted.length)]!;
      expect(Math.abs(weightAtMost(mc, x) / mc.total - q)).toBeLessThan(0.01);
    }
  });
  it('degrades exact parts to sketches past the limits', () => {
    const small = { maxCategoryCounts: 2000, maxExactValues: 50_000 };
    const m = mergeProfiles(profileTable(a, small), profileTable(b, small));
    const words = m.columns[2]!.summary as CategoricalSummary;
    expect(words.counts).toBeUndefined();
    expect(words.frequentItems!.maxUndercount).toBeLessThanOrEqual(80_000 / 1001);
    // Every fifth row is null and 5 divides 3000, so 2,400 words occur.
    expect(Math.abs(m.columns[2]!.distinct / 2400 - 1)).toBeLessThan(0.05);
    expect((m.columns[0]!.summary as NumericalSummary).values).toBeUndefined();
  });
  it('refuses profiles of different columns', () => {
    expect(() =>
      mergeProfiles(profileTable(a), profileTable(tableOf({ x: new Float64Array(3) }))),
    ).toThrow(/same columns/);
  });
});
