import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig, startServer } from '@slipway/server';
import type { RunningServer } from '@slipway/server';
import { SlipwayClient } from '@slipway/sdk';
import { runCli, runJson } from './cli-harness.js';

let server: RunningServer;
let dir: string;
let env: Record<string, string>;
let runId: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'slipway-cli-lineage-'));
  server = await startServer(
    loadServerConfig({ port: 0, dataDir: join(dir, 'data'), logLevel: 'silent' }, {}),
  );
  env = { SLIPWAY_URL: server.url };
  // dataset tx@1 -> run "train-run" -> model churn v1 (registered from the run's files).
  const client = new SlipwayClient({ baseUrl: server.url });
  await client.datasets.add('tx', [{ path: 'tx.csv', body: 'a,b\n1,2\n' }]);
  runId = (await client.runs.create({ runName: 'train-run' })).info.runId;
  await client.datasets.link('tx', 1, runId);
  await client.models.create({ name: 'churn' });
  await client.models.createVersionFromFiles('churn', [{ path: 'model.bin', body: 'x' }], {
    runId,
  });
});

afterAll(async () => {
  await server?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('slipway lineage', () => {
  it('prints where a model version came from as a tree', async () => {
    const result = await runCli(['lineage', 'models:/churn/1'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n')).toEqual([
      'churn v1  models:/churn/1 [READY]',
      `└─ <- produced: train-run  runs:/${runId} [RUNNING]`,
      '   └─ <- read by: tx@1  datasets:/tx@1',
    ]);
  });

  it('walks downstream and both ways, and prints JSON with --json', async () => {
    const down = await runCli(['lineage', 'datasets:/tx@1', '--downstream'], env);
    expect(down.stdout).toContain('└─ -> read by: train-run');
    expect(down.stdout).toContain('   └─ -> produced: churn v1  models:/churn/1');
    const both = await runCli(['lineage', `runs:/${runId}`, '--both'], env);
    expect(both.stdout).toMatch(/^upstream:\n.*\n└─ <- read by: tx@1.*\ndownstream:\n/mu);
    const graph = await runJson(['lineage', 'models:/churn/1', '--depth', '1'], env);
    expect(graph).toMatchObject({ root: 'models:/churn/1', direction: 'upstream', depth: 1 });
    expect(graph.nodes.map((n: { id: string }) => n.id)).toEqual([
      'models:/churn/1',
      `runs:/${runId}`,
    ]);
    expect(graph.edges).toEqual([
      { from: `runs:/${runId}`, to: 'models:/churn/1', relation: 'produced' },
    ]);
  });

  it('refuses two directions, a bad reference and an unknown node', async () => {
    const two = await runCli(['lineage', 'models:/churn/1', '--upstream', '--both'], env);
    expect(two).toMatchObject({ code: 2, stderr: 'error: Choose one of --upstream, --both.\n' });
    const bad = await runCli(['lineage', 'churn'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("'churn' is not a lineage node reference");
    const missing = await runCli(['lineage', 'models:/churn/7'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("No model version 'models:/churn/7'");
  });
});
