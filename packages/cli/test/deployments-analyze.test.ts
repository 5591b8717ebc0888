import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PredictionRecord } from '@slipway/core';
import { SlipwayClient } from '@slipway/sdk';
import { loadServerConfig, startServer } from '@slipway/server';
import type { RunningServer } from '@slipway/server';
import { runCli, runJson } from './cli-harness.js';

let server: RunningServer;
let dir: string;
let env: Record<string, string>;
const T0 = Date.now() - 600_000;

function record(n: number, variant: 'a' | 'b', output: number): PredictionRecord {
  return {
    requestId: `req-${n}`,
    deployment: 'fraud',
    modelName: 'fraud',
    modelVersion: variant === 'a' ? '1' : '2',
    variant,
    inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 1], data: [n] }],
    outputs: [{ name: 'y', datatype: 'INT64', shape: [1], data: [String(output)] }],
    latencyMs: 1,
    status: 'ok',
    time: T0 + n,
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'slipway-cli-analyze-'));
  server = await startServer(
    loadServerConfig({ port: 0, dataDir: join(dir, 'data'), logLevel: 'silent' }, {}),
  );
  env = { SLIPWAY_URL: server.url };
  // The deployment's record only: the analysis reads its variants, not its (absent) models.
  const spec = {
    name: 'fraud',
    policy: {
      type: 'ab',
      variants: [
        { name: 'a', model: 'models:/fraud/1', weight: 1 },
        { name: 'b', model: 'models:/fraud/2', weight: 1 },
      ],
    },
  };
  const resolved = { a: { name: 'fraud', version: '1' }, b: { name: 'fraud', version: '2' } };
  await server.platform.database.db
    .insertInto('deployments')
    .values({
      name: 'fraud',
      spec: JSON.stringify(spec),
      resolved: JSON.stringify(resolved),
      runtime: '{}',
      revision: 1,
      created_at: T0,
      updated_at: T0,
      created_by: 'test',
      updated_by: 'test',
    })
    .execute();
  // 80 of 100 right for a, 90 of 100 for b; every label is 1.
  const records = [
    ...Array.from({ length: 100 }, (_, i) => record(i, 'a', i < 80 ? 1 : 0)),
    ...Array.from({ length: 100 }, (_, i) => record(100 + i, 'b', i < 90 ? 1 : 0)),
  ];
  await server.platform.predictionLogStore.append(records);
  await server.platform.predictionLogStore.attachGroundTruth(
    records.map((r) => ({ requestId: r.requestId, deployment: 'fraud', label: 1, time: T0 })),
  );
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('slipway deployments analyze', () => {
  it('prints a table per version with the verdict and what to do', async () => {
    const result = await runCli(['deployments', 'analyze', 'fraud'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toContain("Deployment 'fraud' (ab), outcome correct (higher is better)");
    expect(lines[1]).toMatch(/^ARM\s+VERSION\s+N\s+RATE\s+DIFF VS CONTROL \[CI\]\s+P\s+NEEDED/u);
    expect(lines[2]).toMatch(/^a\s+fraud\/1\s+100\s+0\.8\s+control/u);
    // z = 1.9803, p = 0.04767 and the Wald interval 0.1 ± 0.098 (computed by hand).
    expect(lines[3]).toMatch(
      /^b\s+fraud\/2\s+100\s+0\.9\s+\+0\.1 \[0\.002002, 0\.198\] 95%\s+0\.04767\s+6039\s+winner: candidate$/u,
    );
    expect(result.stdout).toContain(
      'Next: Promote b (fraud version 2): give it all the traffic in the spec',
    );
  });

  it('gives the analysis as JSON with --json, and the same through the SDK', async () => {
    const json = await runJson(
      ['deployments', 'analyze', 'fraud', '--control', 'b', '--mde', '0.05', '--alpha', '0.01'],
      env,
    );
    expect(json.control).toBe('b');
    expect([json.minimumDetectableEffect, json.alpha, json.mdeDefaulted]).toEqual([
      0.05,
      0.01,
      false,
    ]);
    const a = json.arms.find((arm: { id: string }) => arm.id === 'a');
    expect([a.count, a.successes]).toEqual([100, 80]);
    expect(a.comparison.pValue).toBeCloseTo(0.04767038065616144, 10);
    // Not significant at 0.01, and 100 rows are short of those needed.
    expect(a.comparison.verdict).toBe('no_difference_yet');
    const client = new SlipwayClient({ baseUrl: server.url });
    const viaSdk = await client.deployments.analyze('fraud', {
      control: 'b',
      mde: 0.05,
      alpha: 0.01,
    });
    expect(viaSdk).toEqual(json);
  });

  it('refuses bad options and unknown deployments with a clear message', async () => {
    const bad = await runCli(['deployments', 'analyze', 'fraud', '--outcome', 'lift'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('correct, error, reward');
    const missing = await runCli(['deployments', 'analyze', 'nope'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("No deployment named 'nope'");
    const reward = await runCli(['deployments', 'analyze', 'fraud', '--outcome', 'reward'], env);
    expect(reward.code).toBe(1);
    expect(reward.stderr).toContain('rewards exist only for bandits');
  });
});
