import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTable } from '../../src/monitoring/tables/read-table.js';

describe('readTable', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'slipway-read-table-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads CSV numbers as Float64Array (missing as NaN) and text as interned values', async () => {
    const path = join(dir, 'a.csv');
    await writeFile(
      path,
      'age,city,score,code\n31,oslo,1.5,007\n,bergen,NaN,x1\n45,oslo,-inf,\n1e3,NA,2,12\n',
    );
    const table = await readTable(path);
    expect(table.rowCount).toBe(4);
    expect(table.columnNames).toEqual(['age', 'city', 'score', 'code']);
    const age = table.columns.get('age');
    expect(age).toBeInstanceOf(Float64Array);
    expect(Array.from(age as Float64Array)).toEqual([31, NaN, 45, 1000]);
    expect(Array.from(table.columns.get('score') as Float64Array)).toEqual([
      1.5,
      NaN,
      -Infinity,
      2,
    ]);
    expect(table.columns.get('city')).toEqual(['oslo', 'bergen', 'oslo', null]);
    // A column that turns out to hold text keeps the numbers read before as numbers.
    expect(table.columns.get('code')).toEqual([7, 'x1', null, 12]);
  });

  it('reads JSONL and Parquet with their own types, and only the columns asked for', async () => {
    const jsonl = join(dir, 'b.jsonl');
    await writeFile(
      jsonl,
      '{"x": 1.5, "flag": true, "tag": "a"}\n{"x": null, "flag": false, "tag": "b"}\n',
    );
    const fromJsonl = await readTable(jsonl, { columns: ['tag', 'flag'] });
    expect(fromJsonl.columnNames).toEqual(['tag', 'flag']);
    expect(fromJsonl.columns.get('flag')).toEqual([true, false]);
    expect(fromJsonl.columns.has('x')).toBe(false);

    const parquet = join(dir, 'c.parquet');
    parquetWriteFile({
      filename: parquet,
      columnData: [
        { name: 'n', data: [1n, 2n, 3n], type: 'INT64' },
        { name: 'v', data: [0.5, null, 2.5], type: 'DOUBLE' },
        { name: 's', data: ['p', 'q', 'p'], type: 'STRING' },
      ],
    });
    const fromParquet = await readTable(parquet);
    expect(Array.from(fromParquet.columns.get('n') as Float64Array)).toEqual([1, 2, 3]);
    expect(Array.from(fromParquet.columns.get('v') as Float64Array)).toEqual([0.5, NaN, 2.5]);
    expect(fromParquet.columns.get('s')).toEqual(['p', 'q', 'p']);
  });

  it('grows past its first buffer and reports progress', async () => {
    const path = join(dir, 'big.csv');
    const rows = Array.from({ length: 20_000 }, (_, i) => `${i},${i % 3}`);
    await writeFile(path, `i,k\n${rows.join('\n')}\n`);
    const seen: number[] = [];
    const table = await readTable(path, { onProgress: (n) => seen.push(n) });
    const i = table.columns.get('i') as Float64Array;
    expect(i.length).toBe(20_000);
    expect(i[19_999]).toBe(19_999);
    expect(seen.at(-1)).toBe(20_000);
  });

  it('names the columns a file has when asked for one it lacks', async () => {
    const path = join(dir, 'd.csv');
    await writeFile(path, 'a,b\n1,2\n');
    await expect(readTable(path, { columns: ['c'] })).rejects.toThrow(
      "has no column 'c'; its columns are: a, b.",
    );
    await expect(readTable(join(dir, 'nope.csv'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
