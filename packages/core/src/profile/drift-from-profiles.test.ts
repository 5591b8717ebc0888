import { describe, expect, it } from 'vitest';
import { computeDrift } from '../drift/compute-drift.js';
import { seededRandom } from '../drift/stats/random.js';
import { parseDataProfile } from './data-profile-schema.js';
import { driftFromProfiles } from './drift-from-profiles.js';
import { profileTable } from './profile-table.js';
import { syntheticColumn, tableOf } from './synthetic-columns.js';

function mixedTable(n: number, seed: number, shift: number) {
  const rand = seededRandom(seed);
  const colours = ['red', 'green', 'blue', 'teal'];
  return tableOf({
    x: syntheticColumn(shift > 0 ? 'shifted' : 'normal', n, seed),
    ties: syntheticColumn('ties', n, seed + 1),
    small: Float64Array.from({ length: n }, () => Math.floor(rand() * (4 + shift * 10))),
    colour: Array.from({ length: n }, (_, i) =>
      i % 17 === 0 ? null : colours[Math.floor(rand() ** (1 + shift * 5) * 4)]!,
    ),
    flag: Array.from({ length: n }, () => rand() < 0.3 + shift),
    id: Array.from({ length: n }, (_, i) => `id-${seed}-${i}`),
  });
}

describe('driftFromProfiles equals computeDrift where the profile is exact', () => {
  it.each([
    [300, 'small reference: ks, chisquare, z'],
    [4000, 'large reference: wasserstein, jensenshannon'],
  ])('%i rows (%s)', (n) => {
    const ref = mixedTable(n, 1, 0);
    const cur = mixedTable(Math.round(n * 0.7), 2, 0.05);
    const expected = computeDrift(ref, cur);
    const fromProfiles = driftFromProfiles(profileTable(ref), profileTable(cur));
    expect(fromProfiles).toEqual(expected);
    expect(driftFromProfiles(profileTable(ref), cur)).toEqual(expected);
  });
  it.each(['ks', 'psi', 'kl_div', 'anderson', 'mannw', 't_test', 'ed', 'hellinger'] as const)(
    'numerical stattest %s',
    (stattest) => {
      const ref = mixedTable(1500, 3, 0);
      const cur = mixedTable(1200, 4, 0.05);
      const options = { stattest, columns: ['x', 'ties'] };
      expect(driftFromProfiles(profileTable(ref), profileTable(cur), options)).toEqual(
        computeDrift(ref, cur, options),
      );
    },
  );
  it('survives JSON storage', () => {
    const ref = profileTable(mixedTable(500, 5, 0));
    const stored = parseDataProfile(JSON.parse(JSON.stringify(ref)));
    const cur = mixedTable(400, 6, 0.1);
    expect(driftFromProfiles(stored, cur)).toEqual(driftFromProfiles(ref, cur));
  });
});

describe('driftFromProfiles options and errors', () => {
  const ref = profileTable(mixedTable(200, 7, 0));
  const cur = profileTable(mixedTable(200, 8, 0));
  it('validates options as computeDrift does', () => {
    expect(() => driftFromProfiles(ref, cur, { stattest: 'nope' as never })).toThrow(
      /Unknown stattest 'nope'/,
    );
    expect(() => driftFromProfiles(ref, cur, { columns: ['missing'] })).toThrow(/neither data set/);
    expect(() =>
      driftFromProfiles(ref, cur, { perColumn: { colour: { stattest: 'ks' } } }),
    ).toThrow(/does not support categorical/);
  });
  it('refuses another profile format with advice', () => {
    expect(() => driftFromProfiles({ ...ref, format: 'old' as never }, cur)).toThrow(
      /Profile the data again/,
    );
  });
  it('skips text and columns missing on one side', () => {
    const report = driftFromProfiles(ref, { ...cur, columns: cur.columns.slice(0, 2) });
    const byName = Object.fromEntries(report.columns.map((c) => [c.column, c.skipped]));
    expect(byName.id).toMatch(/text column/);
    expect(byName.colour).toBe('column missing from the current data');
  });
});

describe('driftFromProfiles at scale', () => {
  it('uses the true row counts for the 1,000-row rule and sketches above the limits', () => {
    const ref = profileTable(tableOf({ x: syntheticColumn('normal', 20_000, 1) }));
    const cur = profileTable(tableOf({ x: syntheticColumn('normal', 20_000, 2) }));
    const [col] = driftFromProfiles(ref, cur).columns;
    expect(col).toMatchObject({
      stattest: 'wasserstein',
      referenceCount: 20_000,
      driftDetected: false,
    });
  });
});
