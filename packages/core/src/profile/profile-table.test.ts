import { describe, expect, it } from 'vitest';
import { parseDataProfile } from './data-profile-schema.js';
import type { CategoricalSummary, NumericalSummary } from './data-profile.js';
import { profileTable } from './profile-table.js';
import { tableOf } from './synthetic-columns.js';

describe('profileTable', () => {
  const table = tableOf({
    x: Float64Array.from([1, 2, NaN, 4, Infinity, 2]),
    c: ['a', 'b', null, 'a', 'a', 'b'],
  });
  const profile = profileTable(table);
  it('counts, moments and exact parts by hand', () => {
    const [x, c] = profile.columns;
    // Integers with at most 10 distinct values are categorical (Evidently's rule).
    expect(x).toMatchObject({
      type: 'categorical',
      shape: 'integer',
      count: 6,
      missing: 1,
      infinite: 1,
    });
    const s = x!.summary as NumericalSummary;
    // Finite values 1, 2, 4, 2: mean 9/4, squared deviations 1.5625 + 0.0625 + 3.0625 + 0.0625.
    expect([s.n, s.mean, s.m2, s.min, s.max]).toEqual([4, 2.25, 4.75, 1, 4]);
    expect(s.valueCounts).toEqual([
      [1, 1],
      [2, 2],
      [4, 1],
    ]);
    expect(s.values).toEqual([1, 2, 2, 4]);
    expect(c).toMatchObject({ type: 'categorical', count: 6, missing: 1, distinct: 2 });
    expect((c!.summary as CategoricalSummary).counts).toEqual([
      ['a', 3],
      ['b', 2],
    ]);
  });
  it('is plain JSON that the schema accepts', () => {
    expect(parseDataProfile(JSON.parse(JSON.stringify(profile)))).toEqual(profile);
  });
  it('rejects broken files with the path of each problem', () => {
    const broken = JSON.parse(JSON.stringify(profile)) as {
      format: string;
      columns: { count: unknown }[];
    };
    broken.format = 'slipway.data-profile/0';
    broken.columns[1]!.count = -1;
    expect(() => parseDataProfile(broken)).toThrow(
      /format: must be 'slipway.data-profile\/1'.*columns\.1\.count/,
    );
  });
});
