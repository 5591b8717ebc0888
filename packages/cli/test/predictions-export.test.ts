import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PredictionRecord } from '@slipway/core';
import { SlipwayClient } from '@slipway/sdk';
import { loadServerConfig, startServer } from '@slipway/server';
import type { RunningServer } from '@slipway/server';
import { runCli } from './cli-harness.js';

let server: RunningServer;
let dir: string;
let env: Record<string, string>;
const T0 = Date.now() - 60_000;

function record(n: number): PredictionRecord {
  return {
    requestId: `req-${n}`,
    deployment: 'fraud',
    modelName: 'fraud',
    modelVersion: '2',
    inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 1], data: [n] }],
    outputs: [{ name: 'p', datatype: 'FP32', shape: [1, 1], data: [n / 4] }],
    latencyMs: 10 + n,
    status: 'ok',
    time: T0 + n * 1_000,
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'slipway-cli-predictions-'));
  server = await startServer(
    loadServerConfig({ port: 0, dataDir: join(dir, 'data'), logLevel: 'silent' }, {}),
  );
  env = { SLIPWAY_URL: server.url };
  await server.platform.predictionLogStore.append([0, 1, 2].map(record));
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('slipway predictions export', () => {
  it('writes JSON Lines to stdout', async () => {
    const result = await runCli(['predictions', 'export', 'fraud', '--format', 'jsonl'], env);
    expect(result.code).toBe(0);
    const rows = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows.map((r) => [r.request_id, r.time, r.latency_ms])).toEqual([
      ['req-0', T0, 10],
      ['req-1', T0 + 1_000, 11],
      ['req-2', T0 + 2_000, 12],
    ]);
  });

  it('writes CSV to a file within [from, to), reporting on stderr and with --json', async () => {
    const file = join(dir, 'fraud.csv');
    const result = await runCli(
      [
        'predictions',
        'export',
        'fraud',
        '--format',
        'csv',
        '--output',
        file,
        '--from',
        String(T0 + 1_000),
        '--to',
        String(T0 + 2_000),
        '--json',
      ],
      env,
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`exported to ${file}\n`);
    const text = await readFile(file, 'utf8');
    expect(JSON.parse(result.stdout)).toEqual({ output: file, bytes: Buffer.byteLength(text) });
    expect(existsSync(`${file}.partial`)).toBe(false);
    const lines = text.trim().split(/\r?\n/u);
    expect(lines[0]?.split(',').slice(0, 3)).toEqual(['request_id', 'time', 'deployment']);
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 3))).toEqual([
      ['req-1', String(T0 + 1_000), 'fraud'],
    ]);
  });

  it('exports only one model version with --model-version (and --model)', async () => {
    await server.platform.predictionLogStore.append([
      { ...record(3), requestId: 'req-3', modelVersion: '3' },
      { ...record(4), requestId: 'req-4', modelName: 'fraud-shadow', modelVersion: '3' },
    ]);
    const ids = async (...flags: string[]) => {
      const result = await runCli(
        ['predictions', 'export', 'fraud', '--format', 'jsonl', ...flags],
        env,
      );
      expect(result.code).toBe(0);
      return result.stdout
        .trim()
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => (JSON.parse(line) as { request_id: string }).request_id);
    };
    expect(await ids('--model-version', '3')).toEqual(['req-3', 'req-4']);
    expect(await ids('--model-version', '3', '--model', 'fraud')).toEqual(['req-3']);
    expect(await ids('--model-version', '2')).toEqual(['req-0', 'req-1', 'req-2']);
  });

  it('refuses an unknown format as a usage error, and reports server errors', async () => {
    const bad = await runCli(['predictions', 'export', 'fraud', '--format', 'xlsx'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('csv, parquet, jsonl');
    const file = join(dir, 'never.csv');
    const down = await runCli(
      ['predictions', 'export', 'fraud', '--format', 'csv', '--output', file],
      { SLIPWAY_URL: 'http://127.0.0.1:1' },
    );
    expect(down.code).toBe(1);
    expect(existsSync(file)).toBe(false);
  });

  it('is client.deployments.exportPredictions in the SDK', async () => {
    const client = new SlipwayClient({ baseUrl: server.url });
    const stream = await client.deployments.exportPredictions('fraud', {
      format: 'jsonl',
      to: T0 + 1_000,
    });
    const text = await new Response(stream).text();
    expect(
      text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).request_id),
    ).toEqual(['req-0']);
    const versioned = await client.deployments.exportPredictions('fraud', {
      format: 'jsonl',
      version: '3',
      model: 'fraud',
    });
    expect(
      (await new Response(versioned).text())
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).request_id),
    ).toEqual(['req-3']);
    await expect(
      client.deployments.exportPredictions('fraud', { format: 'xml' as 'csv' }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('slipway server --prediction-retention-days', () => {
  it('is validated by the server config (a negative number of days is a usage error)', async () => {
    const result = await runCli(
      ['server', '--data-dir', join(dir, 'unused'), '--prediction-retention-days', '-1'],
      {},
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('predictionRetentionDays');
  });
});
