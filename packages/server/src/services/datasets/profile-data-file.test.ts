import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileDataFile, tabularFormat } from './profile-data-file.js';

describe('profileDataFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'slipway-profile-data-file-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('merges chunk profiles into the profile of the whole file', async () => {
    // More rows than one chunk (50,000), so the result is a merge of three chunk profiles.
    const n = 120_001;
    const lines = ['i,half,tag'];
    for (let i = 0; i < n; i++) {
      lines.push(`${i},${i % 2 === 0 ? '' : i / 2},${i % 3 === 0 ? 'x' : 'y'}`);
    }
    const path = join(dir, 'big.csv');
    await writeFile(path, `${lines.join('\n')}\n`);
    const result = await profileDataFile(path);
    expect(result.rows).toBe(n);
    expect(result.schema).toEqual([
      { name: 'i', type: 'integer' },
      { name: 'half', type: 'float' },
      { name: 'tag', type: 'string' },
    ]);
    const [i, half, tag] = result.columns;
    expect(i).toMatchObject({ count: n, nulls: 0, min: 0, max: n - 1, mean: (n - 1) / 2 });
    expect(half).toMatchObject({ nulls: 60_001, count: 60_000, min: 0.5, max: 59_999.5 });
    expect(tag?.top).toEqual([
      { value: 'y', count: 80_000 },
      { value: 'x', count: 40_001 },
    ]);
  });

  it('profiles an empty table and tells tabular files by extension', async () => {
    const path = join(dir, 'empty.jsonl');
    await writeFile(path, '');
    await expect(profileDataFile(path)).resolves.toMatchObject({ rows: 0 });
    expect(tabularFormat('a/b.PARQUET')).toBe('parquet');
    expect(tabularFormat('notes.txt')).toBeUndefined();
  });
});
