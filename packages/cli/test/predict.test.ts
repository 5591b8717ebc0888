import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig, startServer } from '@slipway/server';
import type { RunningServer } from '@slipway/server';
import { SlipwayClient } from '@slipway/sdk';
import { runCli } from './cli-harness.js';
import { golden, registerPackage, writeGoldenCsv, writePackage } from './predict-fixtures.js';
import type { Golden } from './predict-fixtures.js';

let server: RunningServer;
let dir: string;
let env: Record<string, string>;
let g: Golden;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'slipway-cli-predict-'));
  server = await startServer(
    loadServerConfig({ port: 0, dataDir: join(dir, 'data'), logLevel: 'silent' }, {}),
  );
  env = { SLIPWAY_URL: server.url, SLIPWAY_CACHE_DIR: join(dir, 'cache') };
  await writePackage(join(dir, 'pkg'));
  await registerPackage(new SlipwayClient({ baseUrl: server.url }), 'bc', join(dir, 'pkg'));
  await writeGoldenCsv(join(dir, 'in.csv'));
  g = await golden();
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

function expectGolden(records: Record<string, unknown>[]): void {
  expect(records).toHaveLength(g.inputs.length);
  records.forEach((record, i) => {
    expect(record.id).toBe(`r${i}`);
    expect(Math.abs(Number(record.prediction) - (g.expected[i]?.[0] ?? NaN))).toBeLessThan(1e-5);
  });
}

describe('slipway predict', () => {
  it('scores a CSV through a registry model into Parquet, with a JSON summary', async () => {
    const output = join(dir, 'out.parquet');
    const result = await runCli(
      [
        'predict',
        '--model',
        'models:/bc@champion',
        '--input',
        join(dir, 'in.csv'),
        '--output',
        output,
        '--chunk-rows',
        '100',
        '--json',
      ],
      env,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({
      rows: g.inputs.length,
      chunks: 6,
      outputColumns: ['prediction'],
      model: { name: 'bc', version: '1', source: 'models:/bc@champion' },
    });
    expectGolden(await parquetReadObjects({ file: await asyncBufferFromFile(output) }));
  });

  it('shows progress on stderr and reuses the cached download', async () => {
    const output = join(dir, 'out.jsonl');
    const result = await runCli(
      ['predict', '--model', 'models:/bc/1', '--input', join(dir, 'in.csv'), '--output', output],
      env,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('Downloading');
    expect(result.stderr).toMatch(/\[#+\] 100% 569 rows, [\d,]+ rows\/s\n$/);
    expect(result.stdout).toMatch(/^Wrote 569 rows to .*out\.jsonl \(prediction\) in [\d.]+ s/);
    const lines = (await readFile(output, 'utf8')).trim().split('\n');
    expectGolden(lines.map((line) => JSON.parse(line)));
  });

  it('runs a local model directory without a server', async () => {
    const input = join(dir, 'in.jsonl');
    const rows = g.inputs.map((row, i) =>
      JSON.stringify({ id: `r${i}`, ...Object.fromEntries(g.columns.map((c, j) => [c, row[j]])) }),
    );
    await writeFile(input, `${rows.join('\n')}\n`);
    const output = join(dir, 'local.csv');
    const result = await runCli(
      [
        'predict',
        '--model',
        join(dir, 'pkg'),
        '--input',
        input,
        '--output',
        output,
        '--workers',
        '1',
        '--json',
      ],
      { SLIPWAY_URL: 'http://127.0.0.1:9' },
    );
    expect(result.code, result.stderr).toBe(0);
    const { parse } = await import('csv-parse/sync');
    expectGolden(
      parse(await readFile(output, 'utf8'), { columns: true }) as Record<string, unknown>[],
    );
  });

  it('fails with one error line for a missing column or an unknown model', async () => {
    const input = join(dir, 'bad.csv');
    await writeFile(input, 'id,x\n1,2\n');
    const missing = await runCli(
      [
        'predict',
        '--model',
        join(dir, 'pkg'),
        '--input',
        input,
        '--output',
        join(dir, 'bad.csv.out.csv'),
      ],
      env,
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: Missing columns 'mean radius'.*\n$/);
    const unknown = await runCli(
      [
        'predict',
        '--model',
        'models:/nope@champion',
        '--input',
        input,
        '--output',
        join(dir, 'x.csv'),
      ],
      env,
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^error: Registered Model with name=nope not found\n$/);
  });
});
