import { describe, expect, it } from 'vitest';
import type { Column, ColumnarTable } from '../data/table.js';
import { inferSuite } from './infer-suite.js';
import { parseSuite } from './parse-suite.js';
import { tableFromColumns } from './table-from-columns.js';
import { validate } from './validate.js';

const tables: Record<string, ColumnarTable> = {
  numeric: tableFromColumns({
    id: Float64Array.of(1, 2, 3, 4, 5, 6),
    score: Float64Array.of(0.5, Number.NaN, 2.25, -1, Number.NaN, 9.75),
    grade: Float64Array.of(1, 2, 1, 2, 1, 3),
  }),
  csvText: tableFromColumns({
    zip: ['02134', '10001', '94105', '02134'],
    active: ['true', 'False', 'TRUE', null],
    day: ['2024-01-31', '2024-02-01', null, '2023-12-31T23:00:00Z'],
    name: ['Ann', 'Bob', 'Cy', 'Di'],
    amount: ['1.5', '2', '-3e2', 'inf'],
  }),
  mixed: tableFromColumns({
    code: [1, 'A', 2.5, true, null, 'A'],
    nothing: [null, null, null, null, null, null],
    nan: Float64Array.of(Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN),
  }),
  empty: tableFromColumns({ a: [], b: new Float64Array(0) }),
};

describe('inferSuite', () => {
  for (const [name, table] of Object.entries(tables)) {
    it(`infers a suite the ${name} table passes, and that parseSuite reads back`, () => {
      const suite = inferSuite(table);
      const result = validate(table, suite);
      expect(result.results.filter((r) => !r.success)).toEqual([]);
      const reread = parseSuite(JSON.parse(JSON.stringify(suite)));
      expect(reread).toEqual(suite);
    });
  }

  it('infers types, null rates, ranges, sets and uniqueness', () => {
    const suite = inferSuite(tables['numeric'] as ColumnarTable, { name: 'scores' });
    expect(suite.name).toBe('scores');
    expect(suite.expectations).toEqual([
      {
        expectation_type: 'expect_table_row_count_to_be_between',
        kwargs: { min_value: 6, max_value: 6 },
      },
      { expectation_type: 'expect_table_column_count_to_equal', kwargs: { value: 3 } },
      { expectation_type: 'expect_column_to_exist', kwargs: { column: 'id' } },
      {
        expectation_type: 'expect_column_values_to_be_of_type',
        kwargs: { column: 'id', type_: 'integer' },
      },
      { expectation_type: 'expect_column_values_to_not_be_null', kwargs: { column: 'id' } },
      {
        expectation_type: 'expect_column_values_to_be_between',
        kwargs: { column: 'id', min_value: 1, max_value: 6 },
      },
      { expectation_type: 'expect_column_values_to_be_unique', kwargs: { column: 'id' } },
      { expectation_type: 'expect_column_to_exist', kwargs: { column: 'score' } },
      {
        expectation_type: 'expect_column_values_to_be_of_type',
        kwargs: { column: 'score', type_: 'float' },
      },
      // 4 of 6 present = 0.667, rounded down to 0.66.
      {
        expectation_type: 'expect_column_values_to_not_be_null',
        kwargs: { column: 'score', mostly: 0.66 },
      },
      {
        expectation_type: 'expect_column_values_to_be_between',
        kwargs: { column: 'score', min_value: -1, max_value: 9.75 },
      },
      { expectation_type: 'expect_column_values_to_be_unique', kwargs: { column: 'score' } },
      { expectation_type: 'expect_column_to_exist', kwargs: { column: 'grade' } },
      {
        expectation_type: 'expect_column_values_to_be_of_type',
        kwargs: { column: 'grade', type_: 'integer' },
      },
      { expectation_type: 'expect_column_values_to_not_be_null', kwargs: { column: 'grade' } },
      {
        expectation_type: 'expect_column_values_to_be_between',
        kwargs: { column: 'grade', min_value: 1, max_value: 3 },
      },
      {
        expectation_type: 'expect_column_values_to_be_in_set',
        kwargs: { column: 'grade', value_set: [1, 2, 3] },
      },
    ]);
  });

  it('reads CSV text by meaning and skips what has no common type', () => {
    const kwargsOf = (table: ColumnarTable, column: string, type: string) =>
      inferSuite(table).expectations.find(
        (e) => e.expectation_type === type && 'column' in e.kwargs && e.kwargs.column === column,
      )?.kwargs;
    const csv = tables['csvText'] as ColumnarTable;
    expect(kwargsOf(csv, 'zip', 'expect_column_values_to_be_of_type')).toEqual({
      column: 'zip',
      type_: 'integer',
    });
    expect(kwargsOf(csv, 'active', 'expect_column_values_to_be_of_type')).toEqual({
      column: 'active',
      type_: 'boolean',
    });
    expect(kwargsOf(csv, 'active', 'expect_column_values_to_be_in_set')).toEqual({
      column: 'active',
      value_set: ['False', 'true'],
    });
    expect(kwargsOf(csv, 'day', 'expect_column_values_to_be_between')).toEqual({
      column: 'day',
      min_value: '2023-12-31T23:00:00Z',
      max_value: '2024-02-01',
    });
    expect(kwargsOf(csv, 'name', 'expect_column_values_to_be_of_type')).toEqual({
      column: 'name',
      type_: 'string',
    });
    // An infinite extreme leaves that side open (JSON cannot hold it).
    expect(kwargsOf(csv, 'amount', 'expect_column_values_to_be_between')).toEqual({
      column: 'amount',
      min_value: -300,
      max_value: null,
    });
    const mixed = tables['mixed'] as ColumnarTable;
    expect(kwargsOf(mixed, 'code', 'expect_column_values_to_be_of_type')).toBeUndefined();
    expect(kwargsOf(mixed, 'nothing', 'expect_column_values_to_not_be_null')).toBeUndefined();
  });

  it('keeps mostly at or below the observed non-null share', () => {
    const present = (count: number, total: number): Column =>
      Array.from({ length: total }, (_, i) => (i < count ? i : null));
    for (const [count, total, mostly] of [
      [29, 100, 0.29],
      [57, 100, 0.57],
      [2, 3, 0.66],
      [999, 1000, 0.99],
      [1, 1000, 0],
    ] as const) {
      const table = tableFromColumns({ x: present(count, total) });
      const notNull = inferSuite(table).expectations.find(
        (e) => e.expectation_type === 'expect_column_values_to_not_be_null',
      );
      expect(notNull?.kwargs, `${count}/${total}`).toEqual({ column: 'x', mostly });
      expect(validate(table, inferSuite(table)).success).toBe(true);
    }
  });

  it('widens the row count by rowCountTolerance and limits sets by maxSetSize', () => {
    const table = tables['numeric'] as ColumnarTable;
    const suite = inferSuite(table, { rowCountTolerance: 0.5, maxSetSize: 2 });
    expect(suite.expectations[0]?.kwargs).toEqual({ min_value: 3, max_value: 9 });
    expect(
      suite.expectations.some((e) => e.expectation_type === 'expect_column_values_to_be_in_set'),
    ).toBe(false);
    expect(() => inferSuite(table, { maxSetSize: -1 })).toThrow('maxSetSize');
  });

  it('fails the relevant expectations when the data changes', () => {
    const suite = inferSuite(tables['numeric'] as ColumnarTable);
    const changed = tableFromColumns({
      id: Float64Array.of(1, 2, 3, 4, 5, 5, 7),
      score: Float64Array.of(0.5, Number.NaN, Number.NaN, Number.NaN, 2, 3, 20),
      grade: [1, 2, 1, 2, 1, 3, 'A'],
      extra: [1, 2, 3, 4, 5, 6, 7],
    });
    const failed = validate(changed, suite)
      .results.filter((r) => !r.success)
      .map((r) => `${r.expectation_type}${'column' in r.kwargs ? ` ${r.kwargs.column}` : ''}`);
    expect(failed).toEqual([
      'expect_table_row_count_to_be_between',
      'expect_table_column_count_to_equal',
      'expect_column_values_to_be_between id',
      'expect_column_values_to_be_unique id',
      'expect_column_values_to_not_be_null score',
      'expect_column_values_to_be_between score',
      'expect_column_values_to_be_of_type grade',
      'expect_column_values_to_be_between grade',
      'expect_column_values_to_be_in_set grade',
    ]);
    const zeroed = tableFromColumns({
      id: Float64Array.of(1, 2, 3, 4, 5, 6),
      grade: [1, 2, 1, 2, 1, 3],
      score: new Float64Array(6),
    });
    const zeroedFailures = validate(zeroed, suite).results.filter((r) => !r.success);
    expect(zeroedFailures.map((r) => r.expectation_type)).toEqual([
      'expect_column_values_to_be_unique',
    ]);
    const renamed = tableFromColumns({
      id: Float64Array.of(1, 2, 3, 4, 5, 6),
      grade: [1, 2, 1, 2, 1, 3],
      points: new Float64Array(6),
    });
    const missing = validate(renamed, suite).results.filter((r) => !r.success);
    expect(missing.every((r) => 'column' in r.kwargs && r.kwargs.column === 'score')).toBe(true);
    expect(missing.length).toBe(5);
  });
});
