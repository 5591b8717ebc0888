import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildHttpApp, openPlatform } from '@slipway/server';
import type { Platform } from '@slipway/server';
import { SlipwayClient } from '@slipway/sdk';
import type { PipelineRun } from '@slipway/core';
import { STEP_QUEUE_NAME, stepJobId } from '../src/pipelines/queue/queue-location.js';
import { stepQueue } from '../src/pipelines/queue/step-queue.js';
import { collectCode } from '../src/pipelines/queue/code-package.js';
import { runCli } from './cli-harness.js';
import { nodeE, statuses, writeFiles } from './pipelines-fixtures.js';
import type { JsonRun } from './pipelines-fixtures.js';

const REDIS_URL = 'redis://127.0.0.1:6379';
const ENTRY = fileURLToPath(new URL('./pipelines-cli-entry.ts', import.meta.url));
/** The server's stale limit here, and the orchestrator's: a lost worker is noticed in seconds. */
const STALE_MS = 3000;

interface WorkerProcess {
  child: ChildProcess;
  id: string;
  output: () => string;
  exited: Promise<void>;
}

const prefix = `slipway-test-${randomUUID().slice(0, 8)}`;
let dir: string;
let platform: Platform;
let app: FastifyInstance;
let url: string;
let client: SlipwayClient;
let redis: Redis;
const workers: WorkerProcess[] = [];
let env: Record<string, string>;

/** `slipway worker` as its own process (from the sources), ready once it says it waits. */
function startWorker(): Promise<WorkerProcess> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=slipway-source',
      '--import',
      'tsx',
      ENTRY,
      'worker',
      '--queue',
      REDIS_URL,
      '--queue-prefix',
      prefix,
      '--heartbeat',
      '250',
      '--code-dir',
      join(dir, 'worker-code'),
    ],
    { env: { PATH: process.env.PATH ?? '', SLIPWAY_URL: url }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start: ${output}`)), 60_000);
    child.stderr?.on('data', (d: Buffer) => {
      output += d.toString();
      const match = /worker (\S+) waiting for steps/u.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve({ child, id: match[1], output: () => output, exited });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${String(code)}: ${output}`));
    });
  });
}

async function runQueued(file: string, ...args: string[]) {
  const result = await runCli(['pipelines', 'run', file, '--json', ...args], env);
  return { ...result, json: JSON.parse(result.stdout || '{}') as JsonRun };
}

/** The step jobs of a run that are in Redis (by their ids). */
async function jobIds(runId: string): Promise<string[]> {
  const keys = await redis.keys(`${prefix}:${STEP_QUEUE_NAME}:${runId}.*`);
  const ids = keys.map((k) => k.slice(`${prefix}:${STEP_QUEUE_NAME}:`.length));
  // A job is a hash at its id; other keys hang below it (`<id>:lock`, `<id>:logs`).
  return [...new Set(ids.filter((id) => !id.includes(':')))].sort();
}

function stepOf(run: PipelineRun, key: string) {
  const step = run.steps.find((s) => s.key === key);
  if (step === undefined) throw new Error(`no step ${key}`);
  return step;
}

/** Polls the newest run of `pipeline` until `ready` holds for it; returns that run. */
async function waitForRun(
  pipeline: string,
  ready: (run: PipelineRun) => boolean | Promise<boolean>,
): Promise<PipelineRun> {
  for (;;) {
    await new Promise((done) => setTimeout(done, 100));
    const newest = (await client.pipelines.listRuns({ pipeline })).runs[0];
    if (newest === undefined) continue;
    const run = await client.pipelines.getRun(newest.runId);
    if (await ready(run)) return run;
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'slipway-cli-queue-'));
  platform = await openPlatform({
    authEnabled: false,
    backendStoreUri: `sqlite:${join(dir, 'db')}`,
    artifactsUri: `file:${join(dir, 'artifacts')}`,
    dbPoolSize: 4,
    s3Region: 'us-east-1',
    s3ForcePathStyle: true,
    monitorThread: false,
    pipelineStaleLimitMs: STALE_MS,
  });
  app = await buildHttpApp(platform, {
    bodyLimitBytes: 4 * 1024 * 1024,
    artifactLimitBytes: 64 * 1024 * 1024,
    logLevel: 'silent',
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('not listening on TCP');
  url = `http://127.0.0.1:${address.port}`;
  client = new SlipwayClient({ baseUrl: url });
  redis = new Redis(REDIS_URL);
  env = {
    SLIPWAY_URL: url,
    SLIPWAY_QUEUE: REDIS_URL,
    SLIPWAY_QUEUE_PREFIX: prefix,
    SLIPWAY_PIPELINE_STALE_AFTER_MS: String(STALE_MS),
    PATH: process.env.PATH ?? '/usr/bin:/bin',
  };
  workers.push(...(await Promise.all([startWorker(), startWorker()])));
});

afterAll(async () => {
  for (const worker of workers) worker.child.kill('SIGTERM');
  await Promise.all(workers.map((w) => w.exited));
  if (redis !== undefined) {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
  await app?.close();
  await platform?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

const WORK = nodeE(
  'const fs = require("fs"); const n = Number(process.env.SLIPWAY_ITEM); setTimeout(() => { fs.writeFileSync(process.env.SLIPWAY_OUTPUTS + "/square.txt", String(n * n)); console.log("squared " + n); }, 400);',
);
const MERGE = nodeE(
  'const fs = require("fs"); const base = process.env.SLIPWAY_INPUTS; const total = fs.readdirSync(base).filter((d) => d.startsWith("work")).reduce((sum, d) => sum + Number(fs.readFileSync(base + "/" + d + "/square.txt", "utf8")), 0); fs.writeFileSync(process.env.SLIPWAY_OUTPUTS + "/total.txt", String(total));',
);

describe('slipway pipelines run --queue, with slipway worker processes', () => {
  let fanOut: string;

  it('fans a pipeline out over two workers, in the same --json shape as in-process', async () => {
    fanOut = join(dir, 'fan', 'pipeline.yaml');
    await writeFiles(join(dir, 'fan'), {
      'pipeline.yaml': `
name: fan
params:
  items: [1, 2, 3, 4]
steps:
  - name: prepare
    run: sh ./prepare.sh
    files: [prepare.sh]
  - name: work
    needs: [prepare]
    foreach: \${params.items}
    run: ${JSON.stringify(WORK)}
  - name: merge
    needs: [work]
    run: ${JSON.stringify(MERGE)}
`,
      'prepare.sh':
        'echo "preparing in $(basename "$PWD")"; echo ready > "$SLIPWAY_OUTPUTS/ready.txt"\n',
      'node_modules/big/index.js': 'never sent',
      'data/raw.csv': 'never sent either',
      '.slipwayignore': '# data stays here\ndata/\n',
    });
    const result = await runQueued(fanOut);
    expect(result.code, result.stderr).toBe(0);
    expect(statuses(result.json)).toEqual({
      prepare: 'succeeded',
      'work[0]': 'succeeded',
      'work[1]': 'succeeded',
      'work[2]': 'succeeded',
      'work[3]': 'succeeded',
      merge: 'succeeded',
    });
    // Progress and the steps' own lines arrive from the server, as in-process.
    expect(result.stderr).toContain('▶ prepare');
    expect(result.stderr).toMatch(/\[work\[\d\]\] squared \d/u);

    const run = await client.pipelines.getRun(result.json.runId);
    const total = await client.pipelines.downloadOutputBytes(run.runId, 'merge', 'total.txt');
    expect(new TextDecoder().decode(total)).toBe('30');
    const ran = run.steps.filter((s) => s.key !== '_code');
    const workerIds = new Set(ran.map((s) => s.worker));
    expect(workerIds).toEqual(new Set(workers.map((w) => w.id)));
    // The code went to the workers without node_modules and what .slipwayignore lists.
    expect(stepOf(run, '_code').outputs.map((o) => o.path)).toEqual([
      'files/.slipwayignore',
      'files/pipeline.yaml',
      'files/prepare.sh',
      'modes.json',
    ]);
    for (const step of ran) expect(step.attempt).toBe(1);
    expect(await jobIds(run.runId)).toEqual(ran.map((s) => stepJobId(run.runId, s.key, 1)).sort());

    const here = await runCli(['pipelines', 'run', fanOut, '--json', '--force'], {
      SLIPWAY_URL: url,
      PATH: env.PATH!,
    });
    expect(here.code, here.stderr).toBe(0);
    const inProcess = JSON.parse(here.stdout) as JsonRun;
    expect(Object.keys(result.json)).toEqual(Object.keys(inProcess));
    expect(result.json.steps.map((s) => Object.keys(s))).toEqual(
      inProcess.steps.map((s) => Object.keys(s)),
    );
    expect(result.json.steps.map((s) => [s.name, s.cacheKey])).toEqual(
      inProcess.steps.map((s) => [s.name, s.cacheKey]),
    );
  });

  it('reuses cached steps without queueing them', async () => {
    const result = await runQueued(fanOut);
    expect(result.code, result.stderr).toBe(0);
    expect(new Set(Object.values(statuses(result.json)))).toEqual(new Set(['cached']));
    expect(await jobIds(result.json.runId)).toEqual([]);
  });

  it('refuses a queue that is not a Redis URL, and a pipeline directory too large to send', async () => {
    const bad = await runCli(['pipelines', 'run', fanOut, '--queue', 'localhost:6379'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('must be a Redis URL');
    await expect(
      collectCode(join(dir, 'fan'), { maxFiles: 2, maxBytes: 1024 * 1024 }),
    ).rejects.toThrow(/\.slipwayignore/u);
    const files = await collectCode(join(dir, 'fan'));
    expect(files.map((f) => f.relativePath)).toEqual([
      '.slipwayignore',
      'pipeline.yaml',
      'prepare.sh',
    ]);
  });

  it('retries a failing attempt through the queue, and re-adding a job is a no-op', async () => {
    const marker = join(dir, 'flaky-failed-once');
    const file = join(dir, 'flaky', 'pipeline.yaml');
    await writeFiles(join(dir, 'flaky'), {
      'pipeline.yaml': `
name: flaky
steps:
  - name: flaky
    retries: 2
    retryDelay: 500ms
    cache: false
    run: if [ -e ${marker} ]; then echo second; else touch ${marker}; echo first; exit 3; fi
`,
    });
    const result = await runQueued(file);
    expect(result.code, result.stderr).toBe(0);
    expect(statuses(result.json)).toEqual({ flaky: 'succeeded' });
    // The retry as the run's progress shows it, read from the server while it waited.
    expect(result.stderr).toMatch(/↻ flaky attempt 1 failed/u);
    expect(result.stderr).toContain('▶ flaky (attempt 2)');
    const { runId } = result.json;
    const step = stepOf(await client.pipelines.getRun(runId), 'flaky');
    expect(step.attempt).toBe(2);
    expect(await jobIds(runId)).toEqual([
      stepJobId(runId, 'flaky', 1),
      stepJobId(runId, 'flaky', 2),
    ]);
    const logs = await client.pipelines.readLogs(runId, 'flaky');
    expect(logs.entries.map((e) => e.text)).toEqual(expect.arrayContaining(['first', 'second']));

    // The same job again: BullMQ keeps the finished one, so nothing is added or run.
    const queue = stepQueue(redis, prefix);
    const data = {
      serverUrl: url,
      runId,
      stepKey: 'flaky',
      code: stepOf(await client.pipelines.getRun(runId), '_code').outputsDigest!,
      cacheKey: step.cacheKey!,
      cacheParts: step.cacheParts!,
    };
    const finishedOn = await redis.hget(
      `${prefix}:${STEP_QUEUE_NAME}:${stepJobId(runId, 'flaky', 2)}`,
      'finishedOn',
    );
    await queue.add(data, stepJobId(runId, 'flaky', 2));
    expect(
      await redis.hget(
        `${prefix}:${STEP_QUEUE_NAME}:${stepJobId(runId, 'flaky', 2)}`,
        'finishedOn',
      ),
    ).toBe(finishedOn);
    // A new job for the finished step completes without running it.
    const late = stepJobId(runId, 'flaky', 3);
    await queue.add(data, late);
    let returned: string | null = null;
    while (returned === null) {
      await new Promise((done) => setTimeout(done, 100));
      returned = await redis.hget(`${prefix}:${STEP_QUEUE_NAME}:${late}`, 'returnvalue');
    }
    expect(JSON.parse(returned)).toMatchObject({ kind: 'not-run' });
    expect(stepOf(await client.pipelines.getRun(runId), 'flaky').attempt).toBe(2);
    await queue.close();
  });

  it('stops a step on its worker when the run is cancelled through the API', async () => {
    const file = join(dir, 'cancel', 'pipeline.yaml');
    await writeFiles(join(dir, 'cancel'), {
      'pipeline.yaml': `
name: cancel
steps:
  - name: wait
    cache: false
    run: echo waiting && exec sleep 30
  - name: never
    needs: [wait]
    run: echo never
`,
    });
    const running = runQueued(file);
    const run = await waitForRun('cancel', (r) => stepOf(r, 'wait').status === 'running');
    await client.pipelines.cancelRun(run.runId);
    const result = await running;
    expect(result.code).toBe(1);
    expect(result.json.status).toBe('cancelled');
    expect(statuses(result.json)).toEqual({ wait: 'cancelled', never: 'cancelled' });
    expect(stepOf(await client.pipelines.getRun(run.runId), 'wait').attempt).toBe(1);
  });

  it('hands the step of a worker killed mid-step to another worker', async () => {
    const marker = join(dir, 'slow-started');
    const pidFile = join(dir, 'slow-pid');
    const file = join(dir, 'slow', 'pipeline.yaml');
    await writeFiles(join(dir, 'slow'), {
      'pipeline.yaml': `
name: slow
steps:
  - name: slow
    cache: false
    run: if [ -e ${marker} ]; then echo done > "$SLIPWAY_OUTPUTS/out.txt"; else echo $$ > ${pidFile}; touch ${marker}; sleep 30; fi
  - name: after
    needs: [slow]
    run: cat "$SLIPWAY_INPUTS/slow/out.txt"
`,
    });
    const running = runQueued(file);
    const started = await waitForRun('slow', async (r) => {
      const pid = await readFile(pidFile, 'utf8').catch(() => '');
      return stepOf(r, 'slow').status === 'running' && pid !== '';
    });
    const runId = started.runId;
    const victim = workers.find((w) => w.id === stepOf(started, 'slow').worker);
    if (victim === undefined) throw new Error('the step runs under no worker of this test');
    victim.child.kill('SIGKILL');
    await victim.exited;
    try {
      const result = await running;
      expect(result.code, result.stderr).toBe(0);
      expect(statuses(result.json)).toEqual({ slow: 'succeeded', after: 'succeeded' });
      expect(result.stderr).toContain(`worker ${victim.id} stopped reporting`);
      const slow = stepOf(await client.pipelines.getRun(runId), 'slow');
      expect(slow.attempt).toBe(2);
      const survivor = workers.find((w) => w !== victim)!;
      expect(slow.worker).toBe(survivor.id);
      expect(await jobIds(runId)).toEqual(
        [
          stepJobId(runId, 'after', 1),
          stepJobId(runId, 'slow', 1),
          stepJobId(runId, 'slow', 2),
        ].sort(),
      );
    } finally {
      // The killed worker's step process outlives it (its own process group): end it.
      const pid = Number(await readFile(pidFile, 'utf8'));
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });

  it('lets a worker finish its running step on SIGTERM, then stop', async () => {
    const file = join(dir, 'graceful', 'pipeline.yaml');
    await writeFiles(join(dir, 'graceful'), {
      'pipeline.yaml': `
name: graceful
steps:
  - name: nap
    cache: false
    run: sleep 1 && echo rested > "$SLIPWAY_OUTPUTS/nap.txt"
`,
    });
    const running = runQueued(file);
    const run = await waitForRun('graceful', (r) => stepOf(r, 'nap').status === 'running');
    const worker = workers.find((w) => w.id === stepOf(run, 'nap').worker)!;
    worker.child.kill('SIGTERM');
    const result = await running;
    expect(result.code, result.stderr).toBe(0);
    expect(statuses(result.json)).toEqual({ nap: 'succeeded' });
    await worker.exited;
    expect(worker.output()).toContain('finishing the running steps');
    expect(worker.output()).toContain(`worker ${worker.id} stopped`);
    expect(stepOf(await client.pipelines.getRun(run.runId), 'nap').worker).toBe(worker.id);
  });
});
