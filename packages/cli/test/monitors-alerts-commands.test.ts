import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig, startServer } from '@slipway/server';
import type { RunningServer } from '@slipway/server';
import { runCli, runJson } from './cli-harness.js';
import { seedFraudTraffic } from './monitor-cli-fixtures.js';

let server: RunningServer;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'slipway-cli-alerts-'));
  server = await startServer(
    loadServerConfig({ port: 0, dataDir: join(dir, 'data'), logLevel: 'silent' }, {}),
  );
  env = { SLIPWAY_URL: server.url };
  await seedFraudTraffic(server, Date.now());
  await writeFile(
    join(dir, 'monitor.yaml'),
    [
      'name: fraud-drift',
      'deployment: fraud',
      'reference: { type: traffic, from: 14d, to: 7d }',
      'window: { duration: 1h }',
      'minRows: 5',
      'alerts:',
      '  - name: version-drift',
      '    metric: drift.share',
      "    op: '>='",
      '    threshold: 0.5',
      '    versions: each',
      '    retrain: { cooldown: 1d }',
    ].join('\n'),
  );
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('slipway monitors alerts, triggers and claim-trigger', () => {
  it('shows alert states and events after a run, and claims a trigger once', async () => {
    await runCli(['monitors', 'apply', '-f', join(dir, 'monitor.yaml')], env);
    const before = await runCli(['monitors', 'alerts', 'fraud-drift'], env);
    expect(before.stdout).toContain('No alert evaluated yet');

    const run = await runCli(['monitors', 'run', 'fraud-drift'], env);
    expect(run.stdout).toMatch(/version 2: 40 rows \| drift YES .*\| 0 of 40 failed, p95 1 ms/u);

    const alerts = await runCli(['monitors', 'alerts', 'fraud-drift'], env);
    expect(alerts.code).toBe(0);
    const lines = alerts.stdout.split('\n');
    expect(lines.find((l) => l.startsWith('version-drift  2'))).toMatch(
      /FIRING\s+warning\s+drift\.share >= 0\.5\s+1/u,
    );
    expect(lines.find((l) => l.startsWith('version-drift  1'))).toMatch(/\sok\s/u);
    expect(alerts.stdout).toMatch(/version-drift\s+2\s+fired\s+drift\.share = 1 \(>= 0\.5\)/u);

    const listed = (await runJson(
      ['monitors', 'triggers', '--deployment', 'fraud', '--status', 'pending'],
      env,
    )) as { triggers: Array<{ id: string; status: string }> };
    expect(listed.triggers).toHaveLength(1);
    const id = listed.triggers[0]!.id;
    const claimed = await runCli(['monitors', 'claim-trigger', id], env);
    expect(claimed.code).toBe(0);
    expect(claimed.stdout).toContain(`Claimed retraining trigger ${id} of deployment fraud`);
    const again = await runCli(['monitors', 'claim-trigger', id], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already claimed by anonymous');
    const table = await runCli(['monitors', 'triggers'], env);
    expect(table.stdout).toContain('claimed by anonymous');
  });

  it('refuses a bad status with a usage error', async () => {
    const bad = await runCli(['monitors', 'triggers', '--status', 'done'], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('Expected pending or claimed');
  });
});
