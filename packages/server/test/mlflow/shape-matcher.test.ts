import { describe, expect, it } from 'vitest';
import { matchShape } from './shape-matcher.js';

describe('matchShape', () => {
  it('accepts matching values and patterns', () => {
    expect(
      matchShape(
        { id: '12', t: 1700000000000, run: 'a'.repeat(32), tags: [{ k: 1 }, { k: 2 }], lit: '$x' },
        {
          id: '$decimalString',
          t: '$timestamp',
          run: '$runId',
          tags: { $unordered: [{ k: 2 }, { k: 1 }] },
          lit: '$$x',
        },
      ),
    ).toEqual([]);
  });

  it('reports extra, missing and mistyped fields', () => {
    const problems = matchShape(
      { a: 1, extra: true, t: '1700000000000' },
      { a: 1, b: 2, t: '$timestamp' },
    );
    expect(problems).toEqual([
      '$.extra: unexpected field true',
      '$.b: missing',
      '$.t: expected $timestamp, got "1700000000000"',
    ]);
  });

  it('compares arrays by length and element, and unordered arrays by content', () => {
    expect(matchShape([1, 2], [1])).toHaveLength(1);
    expect(matchShape([1, 2], [2, 1])).toHaveLength(2);
    expect(matchShape([1, 2], { $unordered: [2, 3] })).toHaveLength(1);
  });

  it('treats NaN as equal to NaN but not to its string form', () => {
    expect(matchShape(Number.NaN, Number.NaN)).toEqual([]);
    expect(matchShape('NaN', Number.NaN)).toHaveLength(1);
  });

  it('rejects unknown patterns', () => {
    expect(matchShape('x', '$nope')).toEqual(['$: unknown pattern $nope']);
  });
});
