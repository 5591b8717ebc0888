import { describe, expect, it } from 'vitest';
import type { CellValue } from '../data/table.js';
import { parseSuite } from './parse-suite.js';
import { tableFromColumns } from './table-from-columns.js';
import { validate } from './validate.js';

const ROWS = 1_000_000;
const CITIES = ['Paris', 'Lyon', 'Nice', 'Lille'];

describe('validate on a million rows', () => {
  it('evaluates a mixed suite in a few seconds', () => {
    // price: 0..999.9 with every 100th row missing; city: four names; qty: numbers as CSV text.
    const price = new Float64Array(ROWS);
    const city: CellValue[] = new Array<CellValue>(ROWS);
    const qty: CellValue[] = new Array<CellValue>(ROWS);
    const id = new Float64Array(ROWS);
    for (let i = 0; i < ROWS; i++) {
      price[i] = i % 100 === 0 ? Number.NaN : (i % 10_000) / 10;
      city[i] = CITIES[i % 4] ?? null;
      qty[i] = String(i % 7);
      id[i] = i;
    }
    const table = tableFromColumns({ id, price, city, qty });
    const column = (name: string, type: string, kwargs: Record<string, unknown> = {}) => ({
      expectation_type: type,
      kwargs: { column: name, ...kwargs },
    });
    const suite = parseSuite({
      name: 'big',
      expectations: [
        column('price', 'expect_column_values_to_not_be_null', { mostly: 0.99 }),
        column('price', 'expect_column_values_to_be_between', { min_value: 0, max_value: 999 }),
        column('price', 'expect_column_mean_to_be_between', { min_value: 0 }),
        column('price', 'expect_column_stdev_to_be_between', { min_value: 0 }),
        column('price', 'expect_column_quantile_values_to_be_between', {
          quantile_ranges: { quantiles: [0.5], value_ranges: [[null, null]] },
        }),
        column('city', 'expect_column_values_to_be_in_set', {
          value_set: ['Paris', 'Lyon', 'Nice'],
        }),
        column('city', 'expect_column_values_to_match_regex', { regex: '^[A-Z][a-z]+$' }),
        column('qty', 'expect_column_values_to_be_of_type', { type_: 'integer' }),
        column('qty', 'expect_column_values_to_be_between', { min_value: 0, max_value: 5 }),
        column('id', 'expect_column_values_to_be_unique'),
        {
          expectation_type: 'expect_compound_columns_to_be_unique',
          kwargs: { column_list: ['city', 'qty'] },
        },
      ],
    });
    const started = performance.now();
    const result = validate(table, suite);
    const seconds = (performance.now() - started) / 1000;

    const unexpected = result.results.map((r) => r.result.unexpected_count);
    // Hand-counted: 10,000 missing prices; prices 999.1..999.9 occur 9 times per 10,000 rows
    // minus none missing (i % 100 != 0 there) = 900; Lille is every 4th row; qty 6 every 7th
    // row (142,857 rows); city+qty repeat with period 28, so every row repeats.
    expect(unexpected).toEqual([
      10_000,
      900,
      undefined,
      undefined,
      undefined,
      250_000,
      0,
      0,
      142_857,
      0,
      1_000_000,
    ]);
    expect(result.success).toBe(false);
    // A generous ceiling for a shared CI machine; about a second on a laptop core.
    expect(seconds).toBeLessThan(15);
  });
});
