import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { categoricalSample, numericalSample } from '../sample.js';
import type { CategoryKey, DriftSample } from '../sample.js';
import { empiricalMmd } from '../stats/empirical-mmd.js';
import { STAT_TESTS, STAT_TEST_NAMES } from './registry.js';
import type { StatTestOutcome } from './stat-test.js';

interface Binned {
  psi: number;
  kl_div_reference_to_current?: number;
  kl_div?: number;
  jensenshannon_natural_log_no_fill?: number;
  jensenshannon?: number;
  hellinger?: number;
}
interface GoldenCase {
  name: string;
  kind: 'numerical' | 'categorical';
  reference: (number | string)[];
  current: (number | string)[];
  expected: { evidently_binned: Binned };
}
type Sampled = { name: string; reference: number[]; current: number[] };
interface Extra {
  evidently_binned: (Sampled & Binned & { kind: 'numerical' | 'categorical'; bins: number })[];
  mannwhitneyu: (Sampled & { alternative: string; pvalue: number })[];
  empirical_mmd: (Sampled & { statistic: number })[];
  z_multi_category: { reference: string[]; current: string[]; pvalue: number };
}
const fixture = (name: string): unknown =>
  createRequire(import.meta.url)(`../../../test/fixtures/${name}`) as unknown;
const golden = (fixture('drift-stats.json') as { cases: GoldenCase[] }).cases;
const extra = fixture('drift-extra.json') as Extra;

function expectClose(actual: number, expected: number): void {
  const ok =
    Math.abs(actual - expected) <= 1e-12 ||
    Math.abs(actual - expected) <= 1e-6 * Math.abs(expected);
  if (!ok) expect(actual).toBe(expected);
}
function sample(kind: 'numerical' | 'categorical', values: readonly CategoryKey[]): DriftSample {
  if (kind === 'numerical') return numericalSample(Float64Array.from(values as number[]).sort());
  const counts = new Map<CategoryKey, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return categoricalSample(counts);
}
function score(outcome: StatTestOutcome): number {
  if ('skipped' in outcome) throw new Error(outcome.skipped);
  return outcome.score;
}
const run = (
  name: keyof typeof STAT_TESTS,
  kind: 'numerical' | 'categorical',
  ref: readonly CategoryKey[],
  cur: readonly CategoryKey[],
) => STAT_TESTS[name].score(sample(kind, ref), sample(kind, cur));

describe('registry matches Evidently (legacy/calculations/stattests)', () => {
  // name: [column types, default threshold, score kind], read off Evidently's StatTest definitions.
  const evidently: Record<string, [string[], number, string]> = {
    ks: [['numerical'], 0.05, 'p_value'],
    chisquare: [['categorical'], 0.05, 'p_value'],
    z: [['categorical'], 0.05, 'p_value'],
    wasserstein: [['numerical'], 0.1, 'distance'],
    jensenshannon: [['categorical', 'numerical'], 0.1, 'distance'],
    psi: [['categorical', 'numerical'], 0.1, 'distance'],
    kl_div: [['categorical', 'numerical'], 0.1, 'distance'],
    anderson: [['numerical'], 0.1, 'p_value'],
    cramer_von_mises: [['numerical'], 0.1, 'p_value'],
    hellinger: [['categorical', 'numerical'], 0.1, 'distance'],
    mannw: [['numerical'], 0.05, 'p_value'],
    ed: [['numerical'], 0.1, 'distance'],
    es: [['numerical'], 0.05, 'p_value'],
    t_test: [['numerical'], 0.05, 'p_value'],
    empirical_mmd: [['numerical'], 0.1, 'p_value'],
    fisher_exact: [['categorical'], 0.1, 'p_value'],
    g_test: [['categorical'], 0.1, 'p_value'],
    TVD: [['categorical'], 0.1, 'p_value'],
  };
  it('has exactly Evidently names', () =>
    expect([...STAT_TEST_NAMES].sort()).toEqual(Object.keys(evidently).sort()));
  it.each(Object.entries(evidently))('%s', (name, [types, threshold, kind]) => {
    const t = STAT_TESTS[name as keyof typeof STAT_TESTS];
    expect(t.name).toBe(name);
    expect([...t.columnTypes].sort()).toEqual([...types].sort());
    expect(t.defaultThreshold).toBe(threshold);
    expect(t.scoreKind).toBe(kind);
  });
  it('applies each test’s own comparison at the threshold', () => {
    const atThreshold = Object.fromEntries(
      STAT_TEST_NAMES.map((n) => [n, STAT_TESTS[n].isDrift(0.1, 0.1)]),
    );
    expect(atThreshold).toEqual({
      ks: true,
      cramer_von_mises: true,
      wasserstein: true,
      jensenshannon: true,
      psi: true,
      kl_div: true,
      hellinger: true,
      chisquare: false,
      z: false,
      anderson: false,
      mannw: false,
      ed: false,
      es: false,
      t_test: false,
      empirical_mmd: false,
      fisher_exact: false,
      g_test: false,
      TVD: false,
    });
  });
});

describe('binned tests as Evidently bins', () => {
  it.each(golden)('golden $name', (c) => {
    const e = c.expected.evidently_binned;
    expectClose(score(run('psi', c.kind, c.reference, c.current)), e.psi);
    expectClose(
      score(run('kl_div', c.kind, c.reference, c.current)),
      e.kl_div_reference_to_current!,
    );
    expectClose(
      score(run('jensenshannon', c.kind, c.reference, c.current)),
      e.jensenshannon_natural_log_no_fill!,
    );
  });
  it.each(extra.evidently_binned)('extra $name', (c) => {
    expectClose(score(run('psi', c.kind, c.reference, c.current)), c.psi);
    expectClose(score(run('kl_div', c.kind, c.reference, c.current)), c.kl_div!);
    expectClose(score(run('jensenshannon', c.kind, c.reference, c.current)), c.jensenshannon!);
    if (c.hellinger !== undefined)
      expectClose(score(run('hellinger', c.kind, c.reference, c.current)), c.hellinger);
  });
});

describe('wrappers with Evidently-specific behaviour', () => {
  it('mannw is the one-sided "less" p-value', () => {
    for (const c of extra.mannwhitneyu.filter((m) => m.alternative === 'less')) {
      expectClose(score(run('mannw', 'numerical', c.reference, c.current)), c.pvalue);
    }
  });
  it('z compares the smallest category with the rest', () => {
    const z = extra.z_multi_category;
    expectClose(score(run('z', 'categorical', z.reference, z.current)), z.pvalue);
    expect(score(run('z', 'categorical', ['a', 'a'], ['a']))).toBe(1);
  });
  it('chisquare gives p = 0 when current has a category the reference lacks', () => {
    expect(score(run('chisquare', 'categorical', ['a', 'b', 'a'], ['a', 'b', 'c']))).toBe(0);
  });
  it('wasserstein divides by max(std of reference, 0.001)', () => {
    expectClose(score(run('wasserstein', 'numerical', [5, 5, 5], [5.01, 5.01])), 10);
  });
  it('fisher_exact skips more than two categories, and data-limited tests explain why', () => {
    expect(run('fisher_exact', 'categorical', ['a', 'b'], ['c'])).toEqual({
      skipped: 'fisher_exact needs binary data; found 3 distinct values',
    });
    expect(run('es', 'numerical', [1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1])).toHaveProperty('skipped');
    expect(run('chisquare', 'categorical', ['a'], ['a'])).toHaveProperty('skipped');
  });
  it.each(extra.empirical_mmd)('empirical_mmd statistic $name', (c) => {
    const r = empiricalMmd(Float64Array.from(c.reference), Float64Array.from(c.current));
    expectClose(r.statistic, c.statistic);
  });
  it('empirical_mmd p-values are seeded and react to drift', () => {
    const shifted = extra.empirical_mmd[0]!;
    const first = run('empirical_mmd', 'numerical', shifted.reference, shifted.current);
    expect(run('empirical_mmd', 'numerical', shifted.reference, shifted.current)).toEqual(first);
    expect(score(first)).toBeLessThan(0.05);
    const same = extra.empirical_mmd[1]!;
    expect(score(run('empirical_mmd', 'numerical', same.reference, same.current))).toBeGreaterThan(
      0.1,
    );
  });
});
