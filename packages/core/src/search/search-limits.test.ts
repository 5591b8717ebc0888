import { describe, expect, it } from 'vitest';
import { LIMITS } from '../domain/limits.js';
import { isSlipwayError } from '../errors.js';
import { parseLoggedModelFilter, parseLoggedModelOrderBy } from './search-logged-models.js';
import {
  parseExperimentFilter,
  parseModelVersionFilter,
  parseRunFilter,
  parseRunOrderBy,
} from './search-parsers.js';

const { maxFilterClauses, maxOrderByKeys, maxInListItems } = LIMITS.search;

const conditions = (n: number) =>
  Array.from({ length: n }, (_, i) => `params.p${i} = 'x'`).join(' AND ');
const list = (n: number, from = 0) =>
  `(${Array.from({ length: n }, (_, i) => `'r${from + i}'`).join(', ')})`;

function failure(fn: () => unknown): { message: string; details: Record<string, unknown> } {
  try {
    fn();
  } catch (err) {
    if (isSlipwayError(err) && err.code === 'INVALID_ARGUMENT') {
      return { message: err.message, details: err.details ?? {} };
    }
    throw err;
  }
  throw new Error('expected INVALID_ARGUMENT');
}

describe('search limits', () => {
  it(`accepts ${maxFilterClauses} conditions and refuses one more where it starts`, () => {
    expect(parseRunFilter(conditions(maxFilterClauses))).toHaveLength(maxFilterClauses);
    const text = conditions(maxFilterClauses + 1);
    const { message, details } = failure(() => parseRunFilter(text));
    const position = text.lastIndexOf('params.');
    expect(message).toBe(
      `Invalid filter at position ${position}: too many conditions: a filter may combine at most ${maxFilterClauses} with AND`,
    );
    expect(details).toEqual({ position });
    expect(() =>
      parseExperimentFilter(conditions(maxFilterClauses + 1).replaceAll('params', 'tags')),
    ).toThrow(/at most 40/u);
    expect(() => parseLoggedModelFilter(conditions(maxFilterClauses + 1))).toThrow(/at most 40/u);
  });

  it(`accepts ${maxInListItems} IN values in a filter and refuses one more, across lists`, () => {
    const [clause] = parseRunFilter(`run_id IN ${list(maxInListItems)}`);
    expect(clause?.value).toHaveLength(maxInListItems);
    const text = `run_id IN ${list(maxInListItems + 1)}`;
    const { message } = failure(() => parseRunFilter(text));
    expect(message).toBe(
      `Invalid filter at position ${text.lastIndexOf("'r")}: too many values in IN lists: a filter may list at most ${maxInListItems} in all`,
    );
    const half = maxInListItems / 2;
    expect(
      parseRunFilter(`run_id IN ${list(half)} AND datasets.name NOT IN ${list(half, half)}`),
    ).toHaveLength(2);
    expect(() =>
      parseRunFilter(`run_id IN ${list(half)} AND datasets.name NOT IN ${list(half + 1, half)}`),
    ).toThrow(/NOT IN lists: a filter may list at most/u);
    expect(() => parseModelVersionFilter(`run_id IN ${list(maxInListItems + 1)}`)).toThrow(
      /at most 10000/u,
    );
  });

  it(`accepts ${maxOrderByKeys} order_by clauses and refuses more before reading them`, () => {
    const keys = (n: number) => Array.from({ length: n }, (_, i) => `metrics.m${i} DESC`);
    expect(parseRunOrderBy(keys(maxOrderByKeys))).toHaveLength(maxOrderByKeys);
    const { message, details } = failure(() => parseRunOrderBy(keys(maxOrderByKeys + 1)));
    expect(message).toBe(
      `Invalid order_by: ${maxOrderByKeys + 1} clauses given, at most ${maxOrderByKeys} are allowed.`,
    );
    expect(details).toEqual({ index: maxOrderByKeys, limit: maxOrderByKeys });
    const fields = (n: number) => keys(n).map((k) => ({ fieldName: k.split(' ')[0] ?? '' }));
    expect(parseLoggedModelOrderBy(fields(maxOrderByKeys))).toHaveLength(maxOrderByKeys);
    expect(() => parseLoggedModelOrderBy(fields(maxOrderByKeys + 1))).toThrow(/at most 20/u);
  });

  it('refuses NUL in literals, quoted names and order keys, at its position', () => {
    expect(failure(() => parseRunFilter("params.p = 'a\u0000'")).message).toBe(
      'Invalid filter at position 13: the NUL character (\\u0000) is not allowed in a string',
    );
    expect(() => parseRunFilter('params.`a\u0000` = 1')).toThrow(/position 9: the NUL/u);
    expect(() => parseRunFilter("params.p\u0000 = 'a'")).toThrow(/unexpected character/u);
    expect(() => parseRunOrderBy(['params.`p\u0000`'])).toThrow(/position 9: the NUL/u);
    expect(() =>
      parseLoggedModelOrderBy([{ fieldName: 'metrics.m', datasetName: 'd\u0000' }]),
    ).toThrow(/dataset_name must not contain the NUL/u);
  });
});
