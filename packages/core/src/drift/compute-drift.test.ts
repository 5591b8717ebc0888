import { describe, expect, it } from 'vitest';
import type { Column, ColumnarTable } from '../data/table.js';
import { SlipwayError } from '../errors.js';
import { computeDrift } from './compute-drift.js';
import { ksTwoSample } from './stats/ks-two-sample.js';

const range = (from: number, n: number, step = 1) =>
  Float64Array.from({ length: n }, (_, i) => from + i * step);
const table = (columns: Record<string, Column>): ColumnarTable => ({
  columnNames: Object.keys(columns),
  columns: new Map(Object.entries(columns)),
  rowCount: Object.values(columns)[0]?.length ?? 0,
});
const cats = (n: number, values: string[]) =>
  Array.from({ length: n }, (_, i) => values[i % values.length]!);

function refusal(run: () => unknown): SlipwayError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(SlipwayError);
    expect((err as SlipwayError).code).toBe('INVALID_ARGUMENT');
    return err as SlipwayError;
  }
  throw new Error('expected INVALID_ARGUMENT');
}

describe('computeDrift', () => {
  it('tests each column with Evidently’s default test and reports counts', () => {
    const reference = table({ x: range(0, 200, 0.37), city: cats(200, ['a', 'b', 'c']) });
    const current = table({ x: range(20, 150, 0.37), city: cats(150, ['a', 'b', 'b', 'c']) });
    const report = computeDrift(reference, current);
    expect(report.columns.map((c) => [c.column, c.type, c.stattest, c.scoreKind])).toEqual([
      ['x', 'numerical', 'ks', 'p_value'],
      ['city', 'categorical', 'chisquare', 'p_value'],
    ]);
    const x = report.columns[0]!;
    expect(x.score).toBe(ksTwoSample(range(0, 200, 0.37), range(20, 150, 0.37)).pvalue);
    expect(x.threshold).toBe(0.05);
    expect([x.referenceCount, x.currentCount]).toEqual([200, 150]);
    expect(report.numberOfColumns).toBe(2);
  });

  it('drops NaN and ±Infinity per column before testing', () => {
    const ref = Float64Array.from([...range(0, 40, 0.5), NaN, Infinity, -Infinity]);
    const cur = [...range(3, 30, 0.5), null, Number.NaN];
    const report = computeDrift({ v: ref }, { v: cur });
    const v = report.columns[0]!;
    expect([v.referenceCount, v.currentCount]).toEqual([40, 30]);
    expect(v.score).toBe(ksTwoSample(range(0, 40, 0.5), range(3, 30, 0.5)).pvalue);
  });

  it('skips, with a reason, columns it cannot test, and does not count them', () => {
    const report = computeDrift(
      {
        both: range(0, 50, 0.5),
        onlyRef: range(0, 50, 0.5),
        empty: [null, null],
        text: cats(50, ['p', 'q']).map((s, i) => s + i),
        nans: Float64Array.from([NaN, 1.5]),
      },
      {
        both: range(0, 50, 0.5),
        onlyCur: range(0, 50, 0.5),
        empty: [null],
        text: cats(50, ['r']).map((s, i) => s + i),
        nans: Float64Array.from([NaN]),
      },
    );
    const reasons = Object.fromEntries(report.columns.map((c) => [c.column, c.skipped]));
    expect(reasons).toEqual({
      both: undefined,
      onlyRef: 'column missing from the current data',
      empty: 'no values in either data set',
      text: 'text column: no text drift test is supported',
      nans: 'no values in the current data after dropping missing ones',
      onlyCur: 'column missing from the reference data',
    });
    expect(report.columns.find((c) => c.column === 'empty')!.type).toBeNull();
    expect(report.numberOfColumns).toBe(1);
    expect(
      report.columns.filter((c) => c.skipped).every((c) => c.score === null && !c.driftDetected),
    ).toBe(true);
  });

  it('dataset drift when the drifted share reaches driftShare (boundary included)', () => {
    const ref = { a: range(0, 100), b: range(0, 100), c: range(0, 100), d: range(0, 100) };
    const cur = { a: range(60, 100), b: range(70, 100), c: range(0, 100), d: range(0, 100) };
    const half = computeDrift(ref, cur);
    expect([half.numberOfDriftedColumns, half.numberOfColumns, half.driftShare]).toEqual([
      2, 4, 0.5,
    ]);
    expect(half.datasetDrift).toBe(true);
    expect(half.driftShareThreshold).toBe(0.5);
    expect(computeDrift(ref, cur, { driftShare: 0.51 }).datasetDrift).toBe(false);
    expect(computeDrift(ref, cur, { columns: ['c', 'd'] })).toMatchObject({
      datasetDrift: false,
      driftShare: 0,
    });
  });

  it('honours stattest, threshold, perColumn, columnTypes and columns', () => {
    const ref = {
      a: range(0, 100, 0.5),
      b: range(0, 100, 0.5),
      code: Float64Array.from(cats(100, ['1', '2', '3']).map(Number)),
    };
    const cur = {
      a: range(1, 100, 0.5),
      b: range(1, 100, 0.5),
      code: Float64Array.from(cats(90, ['1', '2', '3']).map(Number)),
    };
    const report = computeDrift(ref, cur, {
      stattest: 'wasserstein',
      threshold: 0.5,
      perColumn: { b: { stattest: 'psi', threshold: 0.01 } },
      columnTypes: { code: 'numerical' },
      columns: ['b', 'a', 'code'],
    });
    expect(report.columns.map((c) => [c.column, c.type, c.stattest, c.threshold])).toEqual([
      ['b', 'numerical', 'psi', 0.01],
      ['a', 'numerical', 'wasserstein', 0.5],
      ['code', 'numerical', 'wasserstein', 0.5],
    ]);
  });

  it('refuses unknown stattests, naming the column and the valid choices', () => {
    const e = refusal(() =>
      computeDrift(
        { a: range(0, 9) },
        { a: range(0, 9) },
        { perColumn: { a: { stattest: 'kss' as never } } },
      ),
    );
    expect(e.message).toContain("Unknown stattest 'kss' for column 'a'");
    expect(e.message).toContain('ks, chisquare, z, wasserstein');
    expect(
      refusal(() =>
        computeDrift({ a: range(0, 9) }, { a: range(0, 9) }, { stattest: 'x' as never }),
      ).message,
    ).toContain('options.stattest');
  });

  it('refuses a test on a column type it does not support', () => {
    const e = refusal(() =>
      computeDrift({ city: cats(20, ['a', 'b']) }, { city: cats(20, ['a']) }, { stattest: 'ks' }),
    );
    expect(e.message).toBe(
      "Stattest 'ks' does not support categorical columns (column 'city'); for categorical columns use one of: " +
        'chisquare, z, jensenshannon, psi, kl_div, hellinger, fisher_exact, g_test, TVD.',
    );
    const text = { t: ['aa', 'bb', 'cc'] };
    expect(
      refusal(() => computeDrift(text, text, { perColumn: { t: { stattest: 'psi' } } })).message,
    ).toContain('no stattest supports text columns');
    // A global choice leaves text columns skipped rather than refusing the whole request.
    expect(computeDrift(text, text, { stattest: 'psi' }).columns[0]!.skipped).toMatch(
      /text column/,
    );
  });

  it('refuses thresholds that are not finite numbers, bad drift shares and unknown columns', () => {
    const d = { a: range(0, 9) };
    expect(refusal(() => computeDrift(d, d, { threshold: Number.NaN })).message).toBe(
      'The threshold in options.threshold must be a finite number; got NaN.',
    );
    expect(
      refusal(() => computeDrift(d, d, { perColumn: { a: { threshold: Infinity } } })).message,
    ).toContain("for column 'a'");
    expect(refusal(() => computeDrift(d, d, { driftShare: 1.5 })).message).toContain('driftShare');
    expect(refusal(() => computeDrift(d, d, { columns: ['zz'] })).message).toContain(
      "column 'zz', which is in neither",
    );
    expect(refusal(() => computeDrift(d, d, { perColumn: { zz: {} } })).message).toContain(
      'perColumn',
    );
  });

  it('refuses strings in a column typed numerical, naming the column', () => {
    const e = refusal(() =>
      computeDrift({ n: [1, 2, 'x'] }, { n: [1, 2] }, { columnTypes: { n: 'numerical' } }),
    );
    expect(e.message).toContain("Column 'n' is treated as numerical but holds the string 'x'");
  });

  it('accepts a ColumnarTable on one side and a plain record on the other', () => {
    const report = computeDrift(table({ x: range(0, 30, 0.5) }), { x: [...range(0, 30, 0.5)] });
    expect(report.columns[0]).toMatchObject({ stattest: 'ks', score: 1, driftDetected: false });
  });

  it('switches to distances above 1000 reference rows', () => {
    const big = { x: range(0, 1001, 0.1), k: cats(1001, ['a', 'b']) };
    const report = computeDrift(big, big);
    expect(report.columns.map((c) => c.stattest)).toEqual(['wasserstein', 'jensenshannon']);
    expect(report.columns.map((c) => c.score)).toEqual([0, 0]);
  });
});
