import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runBin, startServerProcess, waitForHealth } from './cli-process.js';
import type { ServerProcess } from './cli-process.js';

let dir: string;
let server: ServerProcess;
let env: Record<string, string>;

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'slipway-e2e-'));
  server = await startServerProcess(['--data-dir', join(dir, 'data'), '--log-level', 'warn']);
  await waitForHealth(server.url);
  env = { SLIPWAY_URL: server.url };
});

afterAll(async () => {
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGKILL');
  }
  await rm(dir, { recursive: true, force: true });
});

describe('slipway CLI against a real server process', () => {
  it('tracks a run and registers a model through separate CLI processes', async () => {
    const exp = await runBin(['experiments', 'create', 'e2e'], env);
    expect(exp.code).toBe(0);
    expect(exp.stdout).toMatch(/Created experiment 'e2e' with id \d+/u);

    const created = await runBin(['runs', 'create', '--experiment', 'e2e', '--json'], env);
    expect(created.code).toBe(0);
    const runId = (JSON.parse(created.stdout) as { info: { runId: string } }).info.runId;

    expect(
      (await runBin(['runs', 'log-metric', runId, 'auc', '0.93', '--step', '1'], env)).code,
    ).toBe(0);
    expect((await runBin(['runs', 'log-param', runId, 'depth', '6'], env)).code).toBe(0);

    const modelDir = join(dir, 'model');
    await mkdir(modelDir, { recursive: true });
    await writeFile(join(modelDir, 'model.onnx'), 'fake-onnx');
    const upload = await runBin(
      ['artifacts', 'upload', '--run', runId, modelDir, '--artifact-path', 'model'],
      env,
    );
    expect(upload.code).toBe(0);
    expect(upload.stdout).toContain('[1/1] uploaded model/model.onnx');

    expect((await runBin(['models', 'create', 'e2e-model'], env)).code).toBe(0);
    const version = await runBin(
      ['models', 'create-version', 'e2e-model', '--source', `runs:/${runId}/model`, '--json'],
      env,
    );
    expect(version.code).toBe(0);
    expect(JSON.parse(version.stdout)).toMatchObject({ name: 'e2e-model', version: '1', runId });
    expect((await runBin(['models', 'set-alias', 'e2e-model', 'champion', '1'], env)).code).toBe(0);
    const resolved = await runBin(
      ['models', 'resolve', 'models:/e2e-model@champion', '--json'],
      env,
    );
    expect(JSON.parse(resolved.stdout).version).toBe('1');

    const run = await runBin(['runs', 'get', runId, '--json'], env);
    const data = (JSON.parse(run.stdout) as { data: { metrics: unknown; params: unknown } }).data;
    expect(data.metrics).toEqual([expect.objectContaining({ key: 'auc', value: 0.93, step: 1 })]);
    expect(data.params).toEqual([{ key: 'depth', value: '6' }]);
  });

  it('exits 1 with one error line for a server error, 2 for a usage error', async () => {
    const missing = await runBin(['runs', 'get', 'does-not-exist'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: [^\n]+\n$/u);
    const usage = await runBin(['runs', 'frobnicate'], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^error: [^\n]+\n$/u);
  });

  it('shuts down cleanly on SIGTERM with exit code 0', async () => {
    server.child.kill('SIGTERM');
    const { code, signal } = await server.exited;
    expect(signal).toBeNull();
    expect(code).toBe(0);
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
  });
});
