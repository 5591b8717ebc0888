import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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
const NOW = Date.now();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'slipway-cli-monitors-'));
  server = await startServer(
    loadServerConfig({ port: 0, dataDir: join(dir, 'data'), logLevel: 'silent' }, {}),
  );
  env = { SLIPWAY_URL: server.url };
  await seedFraudTraffic(server, NOW);
  await writeFile(
    join(dir, 'monitor.yaml'),
    [
      'name: fraud-drift',
      'deployment: fraud',
      'reference: { type: traffic, from: 14d, to: 7d }',
      'window: { duration: 1h }',
      'schedule: { every: 1h }',
      'minRows: 5',
    ].join('\n'),
  );
  await writeFile(join(dir, 'bad.yaml'), 'name: bad\ndeployment: fraud\nwindow: {}\n');
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('slipway monitors', () => {
  it('applies a YAML file, lists and gets it', async () => {
    const applied = await runCli(['monitors', 'apply', '-f', join(dir, 'monitor.yaml')], env);
    expect(applied.stderr).toBe('');
    expect(applied.stdout).toContain("Created monitor 'fraud-drift' of deployment 'fraud'");
    const again = await runJson(['monitors', 'apply', '-f', join(dir, 'monitor.yaml')], env);
    expect(again.created).toBe(false);
    const list = await runCli(['monitors', 'list', '--deployment', 'fraud'], env);
    expect(list.stdout).toMatch(/fraud-drift\s+fraud\s+traffic\s+every 3600s/u);
    const none = await runJson(['monitors', 'list', '--deployment', 'churn'], env);
    expect(none.monitors).toEqual([]);
    const got = await runJson(['monitors', 'get', 'fraud-drift'], env);
    expect(got.spec.window.duration).toBe(3_600_000);
  });

  it('refuses a bad spec with its field path and a missing file, non-zero', async () => {
    const bad = await runCli(['monitors', 'apply', '-f', join(dir, 'bad.yaml')], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('reference');
    expect(bad.stderr).toContain('window');
    const missing = await runCli(['monitors', 'apply', '-f', join(dir, 'nope.yaml')], env);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('no such file');
  });

  it('runs now and shows the history per version', async () => {
    const run = await runCli(['monitors', 'run', 'fraud-drift'], env);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toContain("manual run of 'fraud-drift'");
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}all traffic: 80 rows \| drift /u));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}version 1: 40 rows \| drift no /u));
    expect(lines).toContainEqual(
      expect.stringMatching(/^ {2}version 2: 40 rows \| drift YES \(share 1: x\)/u),
    );
    const history = await runJson(
      ['monitors', 'history', 'fraud-drift', '--model-version', '2'],
      env,
    );
    expect(history.runs).toHaveLength(1);
    expect(history.runs[0].results.map((r: { version: string }) => r.version)).toEqual(['2']);
    const text = await runCli(['monitors', 'history', 'fraud-drift', '--model-version', '1'], env);
    expect(text.stdout).toContain('version 1: 40 rows | drift no');
    expect(text.stdout).not.toContain('version 2');
  });

  it('writes a stored run as an HTML report, the latest by default', async () => {
    const latest = join(dir, 'latest.html');
    const written = await runCli(['monitors', 'report', 'fraud-drift', '-o', latest], env);
    expect(written.stderr).toBe('');
    expect(written.code).toBe(0);
    const { runs } = await runJson(
      ['monitors', 'history', 'fraud-drift', '--max-results', '1'],
      env,
    );
    expect(written.stdout).toContain(`Wrote the report of run ${runs[0].id} of 'fraud-drift'`);
    const html = await readFile(latest, 'utf8');
    expect(html).toMatch(/^<!doctype html>/u);
    expect(html).toContain('Version 2');
    expect(html).toMatch(/<a href="#v2-col-0">x<\/a>.*<span class="drift">drift<\/span>/u);

    const chosen = join(dir, 'chosen.html');
    const json = await runJson(
      ['monitors', 'report', 'fraud-drift', '--run', runs[0].id, '-o', chosen],
      env,
    );
    expect(json).toMatchObject({ monitor: 'fraud-drift', run: runs[0].id, output: chosen });
    // The same run: the same report but for when it was made.
    const made = (text: string) => text.replace(/Report made [^<]+/u, '');
    expect(made(await readFile(chosen, 'utf8'))).toBe(made(html));

    const unknown = await runCli(
      ['monitors', 'report', 'fraud-drift', '--run', 'nope', '-o', join(dir, 'x.html')],
      env,
    );
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain("Monitor 'fraud-drift' has no run 'nope'");
    await writeFile(
      join(dir, 'quiet.yaml'),
      'name: quiet\ndeployment: fraud\nreference: { type: traffic, from: 14d, to: 7d }\nwindow: { duration: 1h }\n',
    );
    await runJson(['monitors', 'apply', '-f', join(dir, 'quiet.yaml')], env);
    const none = await runCli(['monitors', 'report', 'quiet', '-o', join(dir, 'q.html')], env);
    expect(none.code).not.toBe(0);
    expect(none.stderr).toContain("Monitor 'quiet' has no stored runs yet");
  });

  it('deletes a monitor', async () => {
    expect((await runCli(['monitors', 'delete', 'fraud-drift'], env)).stdout).toContain(
      "Deleted monitor 'fraud-drift'",
    );
    const gone = await runCli(['monitors', 'get', 'fraud-drift'], env);
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toContain("No monitor named 'fraud-drift'");
  });
});
