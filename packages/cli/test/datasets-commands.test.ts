import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig, startServer } from '@slipway/server';
import type { RunningServer } from '@slipway/server';
import { runCli, runJson } from './cli-harness.js';

let server: RunningServer;
let dir: string;
let env: Record<string, string>;
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

const CSV = 'id,label\n1,a\n2,b\n3,a\n';
const JSONL = '{"x":1.5,"y":"u"}\n{"x":2.5,"y":"v"}\n';
let parquet: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'slipway-cli-datasets-'));
  server = await startServer(
    loadServerConfig({ port: 0, dataDir: join(dir, 'data'), logLevel: 'silent' }, {}),
  );
  env = { SLIPWAY_URL: server.url };
  parquet = Buffer.from(
    parquetWriteBuffer({ columnData: [{ name: 'n', data: [1n, 2n], type: 'INT64' }] }),
  );
  await writeFile(join(dir, 'train.csv'), CSV);
  await writeFile(join(dir, 'events.jsonl'), JSONL);
  await writeFile(join(dir, 'table.parquet'), parquet);
  await mkdir(join(dir, 'folder', 'sub'), { recursive: true });
  await writeFile(join(dir, 'folder', 'train.csv'), CSV);
  await writeFile(join(dir, 'folder', 'sub', 'events.jsonl'), JSONL);
});

afterAll(async () => {
  await server?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('slipway datasets', () => {
  it('adds CSV, JSONL and Parquet files with digest and rows', async () => {
    const csv = await runJson(['datasets', 'add', 'train', join(dir, 'train.csv')], env);
    expect(csv).toMatchObject({
      created: true,
      version: { name: 'train', version: 1, digest: sha256(CSV), rows: 3 },
    });
    const jsonl = await runJson(['datasets', 'add', 'events', join(dir, 'events.jsonl')], env);
    expect(jsonl.version).toMatchObject({ digest: sha256(JSONL), rows: 2 });
    const pq = await runJson(['datasets', 'add', 'table', join(dir, 'table.parquet')], env);
    expect(pq.version).toMatchObject({ digest: sha256(parquet), rows: 2 });
    expect(pq.version.schema).toEqual([{ name: 'n', type: 'integer' }]);

    const human = await runCli(
      ['datasets', 'add', 'train', join(dir, 'train.csv'), '--description', 'same again'],
      env,
    );
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('Unchanged: train@1');
    expect(human.stdout).toContain(sha256(CSV));
  });

  it('adds a directory and lists, shows and versions it', async () => {
    const added = await runJson(
      ['datasets', 'add', 'folder', join(dir, 'folder'), '--description', 'two files'],
      env,
    );
    expect(added.version.files.map((f: { path: string }) => f.path)).toEqual([
      'sub/events.jsonl',
      'train.csv',
    ]);
    expect(added.version.rows).toBe(5);
    const list = await runJson(['datasets', 'list'], env);
    expect(list.datasets.map((d: { name: string }) => d.name)).toEqual([
      'events',
      'folder',
      'table',
      'train',
    ]);
    const versions = await runJson(['datasets', 'versions', 'folder'], env);
    expect(versions.versions).toHaveLength(1);
    const shown = await runCli(['datasets', 'get', 'train@1'], env);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/label\s+string/u);
    const bad = await runCli(['datasets', 'get', 'train'], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('<name>@<version>');
    const missing = await runCli(['datasets', 'get', 'train@9'], env);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('no version 9');
  });

  it('downloads a version byte for byte, verifying digests', async () => {
    const out = join(dir, 'out');
    const res = await runJson(['datasets', 'download', 'folder@1', '-o', out], env);
    expect(res.files).toHaveLength(2);
    expect(await readFile(join(out, 'train.csv'), 'utf8')).toBe(CSV);
    expect(await readFile(join(out, 'sub', 'events.jsonl'), 'utf8')).toBe(JSONL);
    await runJson(['datasets', 'download', 'table@1', '-o', out], env);
    expect(Buffer.compare(await readFile(join(out, 'table.parquet')), parquet)).toBe(0);
  });

  it('shows upload progress for a large file and stores it once', async () => {
    const big = Buffer.alloc(17 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big.writeUInt32LE(i, i);
    await writeFile(join(dir, 'big.bin'), big);
    const first = await runCli(['datasets', 'add', 'big', join(dir, 'big.bin')], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/big\.bin: 17\.0 MiB \/ 17\.0 MiB uploaded and hashed/u);
    expect(first.stdout).toContain('[1/1] stored big.bin');
    expect(first.stdout).toContain(`Digest: ${sha256(big)}`);
    const again = await runCli(['datasets', 'add', 'big', join(dir, 'big.bin')], env);
    expect(again.stdout).toContain('[1/1] already stored big.bin');
    expect(again.stdout).toContain('Unchanged: big@1');
  });

  it('links a version to a run', async () => {
    const run = await runJson(['runs', 'create'], env);
    const runId: string = run.info.runId;
    const linked = await runJson(['datasets', 'link', 'train@1', '--run', runId], env);
    expect(linked).toEqual({ name: 'train', version: 1, runId });
    const res = await fetch(`${server.url}/api/2.0/mlflow/runs/get?run_id=${runId}`);
    const body = (await res.json()) as {
      run: { inputs: { dataset_inputs: Array<{ dataset: { digest: string } }> } };
    };
    expect(body.run.inputs.dataset_inputs[0]?.dataset.digest).toBe(sha256(CSV));
  });
});
