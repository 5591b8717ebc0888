import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig, startServer } from '@slipway/server';
import type { RunningServer } from '@slipway/server';
import { runCli } from './cli-harness.js';
import { BREAST_CANCER_ONNX, golden } from './predict-fixtures.js';
import type { Golden } from './predict-fixtures.js';

/**
 * `slipway models register <name> model.onnx` for a plain .onnx file, then `slipway predict` over
 * a table: the columns fill the model's one 2-D input in order (as MLflow's ONNX flavor does), or
 * by name once `--columns` / `--sample` recorded the names.
 */

let server: RunningServer;
let dir: string;
let env: Record<string, string>;
let g: Golden;

const quoted = (names: readonly string[]) => names.map((name) => `"${name}"`).join(',');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'slipway-cli-onnx-table-'));
  server = await startServer(
    loadServerConfig({ port: 0, dataDir: join(dir, 'data'), logLevel: 'silent' }, {}),
  );
  env = { SLIPWAY_URL: server.url, SLIPWAY_CACHE_DIR: join(dir, 'cache') };
  g = await golden();
  // The fixture's 30 feature columns, as a pandas DataFrame's to_csv(index=False) writes them.
  const lines = [quoted(g.columns), ...g.inputs.map((row) => row.join(','))];
  await writeFile(join(dir, 'data.csv'), `${lines.join('\n')}\n`);
}, 60_000);

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

async function register(name: string, ...flags: string[]) {
  return runCli(['models', 'register', name, BREAST_CANCER_ONNX, ...flags], env);
}

async function predict(model: string, input: string): Promise<Record<string, unknown>[]> {
  const output = join(dir, `${model.replace(/\W/gu, '_')}-${Date.now()}.jsonl`);
  const result = await runCli(
    ['predict', '--model', model, '--input', input, '--output', output, '--json'],
    env,
  );
  expect(result.code, result.stderr).toBe(0);
  const text = await readFile(output, 'utf8');
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function expectGolden(records: Record<string, unknown>[]): void {
  expect(records).toHaveLength(g.inputs.length);
  const worst = Math.max(
    ...records.map((record, i) =>
      Math.abs(Number(record.prediction) - (g.expected[i]?.[0] ?? NaN)),
    ),
  );
  expect(worst).toBeLessThan(1e-5);
}

async function manifestOf(name: string): Promise<{ signature: { inputs: unknown[] } }> {
  const query = new URLSearchParams({ name, version: '1', path: 'slipway-model.json' });
  const response = await fetch(`${server.url}/model-versions/get-artifact?${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as { signature: { inputs: unknown[] } };
}

describe('slipway predict with a plain .onnx model', () => {
  it('scores a CSV and a JSONL file by column order', async () => {
    const registered = await register('bc');
    expect(registered.code, registered.stderr).toBe(0);
    expect(registered.stdout.trim()).toBe('1');
    expect((await manifestOf('bc')).signature.inputs).toEqual([
      { name: 'input', datatype: 'FP32', shape: [-1, 30] },
    ]);

    expectGolden(await predict('models:/bc/1', join(dir, 'data.csv')));
    const jsonl = g.inputs.map((row) =>
      JSON.stringify(Object.fromEntries(g.columns.map((name, j) => [name, row[j]]))),
    );
    await writeFile(join(dir, 'data.jsonl'), `${jsonl.join('\n')}\n`);
    expectGolden(await predict('models:/bc/1', join(dir, 'data.jsonl')));
  }, 120_000);

  it('fails with one line naming both counts when the file has another number of columns', async () => {
    const input = join(dir, 'with-id.csv');
    const lines = [
      `id,${quoted(g.columns)}`,
      ...g.inputs.map((row, i) => [`r${i}`, ...row].join(',')),
    ];
    await writeFile(input, `${lines.join('\n')}\n`);
    const output = join(dir, 'never.jsonl');
    const result = await runCli(
      ['predict', '--model', 'models:/bc/1', '--input', input, '--output', output],
      env,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: .*takes 30 columns, in order, but the table has 31: 'id', 'mean radius'/u,
    );
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);
});

describe('slipway models register --columns / --sample', () => {
  it('records the names of a sample file, and predict then takes columns by name', async () => {
    const registered = await register('bc-sampled', '--sample', join(dir, 'data.csv'));
    expect(registered.code, registered.stderr).toBe(0);
    expect(registered.stderr).toContain('input columns: mean radius, mean texture');
    expect((await manifestOf('bc-sampled')).signature.inputs).toEqual([
      { name: 'input', datatype: 'FP32', shape: [-1, 30], columns: g.columns },
    ]);

    // Another order and an extra column: by name, both are fine.
    const order = [...g.columns].reverse();
    const input = join(dir, 'reordered.csv');
    const lines = [
      `id,${quoted(order)}`,
      ...g.inputs.map((row, i) =>
        [`r${i}`, ...order.map((name) => row[g.columns.indexOf(name)])].join(','),
      ),
    ];
    await writeFile(input, `${lines.join('\n')}\n`);
    const records = await predict('models:/bc-sampled/1', input);
    expectGolden(records);
    expect(records[0]?.id).toBe('r0');
  }, 120_000);

  it('records names given with --columns', async () => {
    const names = g.columns.map((_, i) => `f${i}`);
    const registered = await register('bc-listed', '--columns', names.join(', '));
    expect(registered.code, registered.stderr).toBe(0);
    expect((await manifestOf('bc-listed')).signature.inputs).toEqual([
      { name: 'input', datatype: 'FP32', shape: [-1, 30], columns: names },
    ]);
  }, 60_000);

  it('refuses names that do not fit the model as usage errors (exit 2), registering nothing', async () => {
    const wrongCount = await register('bc-wrong', '--columns', 'a,b,c');
    expect(wrongCount.code).toBe(2);
    expect(wrongCount.stderr).toContain(
      "input 'input' has 30 columns but 3 column names were given",
    );

    const withId = join(dir, 'sample-with-id.csv');
    await writeFile(withId, `id,${quoted(g.columns)}\n`);
    const sample = await register('bc-wrong', '--sample', withId);
    expect(sample.code).toBe(2);
    expect(sample.stderr).toContain('has 30 columns but the sample');
    expect(sample.stderr).toContain("has 31 columns ('id', 'mean radius'");

    const both = await register('bc-wrong', '--columns', 'a', '--sample', withId);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('not both');
    const twice = await register('bc-wrong', '--columns', 'a,a');
    expect(twice.code).toBe(2);
    const empty = await register('bc-wrong', '--columns', 'a,,b');
    expect(empty.code).toBe(2);
    const missing = await register('bc-wrong', '--sample', join(dir, 'no-such.csv'));
    expect(missing.code).toBe(2);

    const models = await fetch(`${server.url}/api/v1/models/bc-wrong`);
    expect(models.status).toBe(404);
  }, 60_000);
});
