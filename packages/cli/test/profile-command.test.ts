import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeDrift, driftFromProfiles, parseDataProfile } from '@slipway/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-harness.js';

describe('slipway profile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'slipway-profile-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a profile from which drift equals drift from the rows (small data is kept exact)', async () => {
    const rows = Array.from(
      { length: 400 },
      (_, i) => `${(i * 7919) % 1000},${['a', 'b', 'c'][i % 3]}`,
    );
    const data = join(dir, 'train.csv');
    await writeFile(data, `x,city\n${rows.join('\n')}\n`);
    const out = join(dir, 'train.profile.json');
    const result = await runCli(['profile', data, '-o', out], {});
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Wrote the profile of 400 rows and 2 columns to ${out}`);
    const profile = parseDataProfile(JSON.parse(await readFile(out, 'utf8')));
    const reference = {
      x: Float64Array.from(rows, (r) => Number(r.split(',')[0])),
      city: rows.map((r) => r.split(',')[1]!),
    };
    const currentColumns = new Map<string, Float64Array | string[]>([
      ['x', Float64Array.from({ length: 300 }, (_, i) => ((i * 104729) % 1000) + 150)],
      ['city', Array.from({ length: 300 }, (_, i) => ['a', 'b', 'b'][i % 3]!)],
    ]);
    const current = { columnNames: ['x', 'city'], columns: currentColumns, rowCount: 300 };
    expect(driftFromProfiles(profile, current)).toEqual(computeDrift(reference, current));
  });

  it('says what is wrong with its input', async () => {
    const missing = await runCli(['profile', join(dir, 'nope.csv'), '-o', join(dir, 'x.json')], {});
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.csv');
    const noOutput = await runCli(['profile', join(dir, 'train.csv')], {});
    expect(noOutput.code).toBe(2);
    expect(noOutput.stderr).toContain("required option '-o, --output <file.json>' not specified");
  });
});
