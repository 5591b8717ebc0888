import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig, startServer } from '@slipway/server';
import type { RunningServer } from '@slipway/server';
import { runCli, runJson } from './cli-harness.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/pipeline/pipeline.yaml', import.meta.url));

/** The README's example pipeline, as a new user would run it. */
describe('examples/pipeline', () => {
  let server: RunningServer;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'slipway-example-'));
    server = await startServer(
      loadServerConfig({ port: 0, dataDir: join(dir, 'data'), logLevel: 'silent' }, {}),
    );
    env = { SLIPWAY_URL: server.url, PATH: process.env.PATH ?? '' };
  });
  afterAll(async () => {
    await server?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('runs, logs each training step to its MLflow run, picks the best, and is cached the second time', async () => {
    const first = await runJson(['pipelines', 'run', EXAMPLE], env);
    expect(first.status).toBe('succeeded');
    expect(first.steps.map((s: { name: string }) => s.name)).toEqual([
      'prepare',
      'train[0]',
      'train[1]',
      'train[2]',
      'pick',
    ]);
    const run = await runJson(['pipelines', 'get', first.runId], env);
    const trains = run.run.steps.filter((s: { name: string }) => s.name === 'train');
    expect(trains).toHaveLength(3);
    const accuracies: number[] = [];
    for (const step of trains) {
      const res = await fetch(
        `${server.url}/api/2.0/mlflow/runs/get?run_id=${step.trackedRunId as string}`,
      );
      const body = (await res.json()) as {
        run: { data: { metrics?: Array<{ key: string; value: number }> } };
      };
      const accuracy = body.run.data.metrics?.find((m) => m.key === 'accuracy')?.value;
      expect(accuracy).toBeGreaterThan(0.5);
      accuracies.push(accuracy ?? 0);
    }
    const best = await fetch(
      `${server.url}/api/v1/pipelines/runs/${first.runId as string}/steps/pick/outputs/best.json`,
    );
    expect(((await best.json()) as { accuracy: number }).accuracy).toBe(Math.max(...accuracies));

    const again = await runJson(['pipelines', 'run', EXAMPLE], env);
    expect(again.steps.map((s: { status: string }) => s.status)).toEqual(Array(5).fill('cached'));
    const fewer = await runCli(
      ['pipelines', 'run', EXAMPLE, '--param', 'seeds=1,2', '--json'],
      env,
    );
    expect(fewer.code).toBe(0);
    expect(
      JSON.parse(fewer.stdout).steps.map((s: { name: string; status: string }) => s.status),
    ).toEqual(['cached', 'cached', 'cached', 'succeeded']);
  });
});
