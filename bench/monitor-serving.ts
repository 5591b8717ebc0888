// Monitor-while-serving benchmark (issue: "a monitor over a window of 100,000 logged predictions
// must not slow serving"). One real server (embedded SQLite) serves the breast-cancer ONNX model
// through a `single` deployment with prediction logging on; its log is filled with 100,000
// predictions (half with ground truth) through the store's batch write. Serving throughput and
// latency are measured alone, then while a monitor over the last 100,000 predictions (drift against
// a 100,000-row dataset reference, and performance) runs back to back, judged in the monitor
// worker thread; then, with BENCH_MONITOR_INLINE=1 (default on), again on a server judging inline.
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { mulberry32 } from '@slipway/core';
import type { PredictionWrite } from '@slipway/core';
import { openDatabase } from '../packages/server/src/storage/sql/open-database.js';
import { SqlPredictionLogStore } from '../packages/server/src/storage/sql/prediction-log-store.js';
import { runLoad } from './load.js';
import type { LoadResult } from './load.js';

const CLIENTS = 64;
const WINDOW = 100_000;
const REFERENCE_ROWS = 100_000;
const FILL_BATCH = 2_000;
const CLI = resolve(import.meta.dirname, '../packages/cli/bin/slipway.js');
const FIXTURES = resolve(import.meta.dirname, '../packages/server/test/fixtures/models');
const DEPLOYMENT = 'bc-monitored';
const MODEL = 'breast-cancer';
const MONITOR = 'bc-window';

interface Fixture {
  inputs: number[][];
  expected: number[][];
}

interface Server {
  url: string;
  stop(): Promise<void>;
}

/** A real row of the data set, each value moved by up to ±5%. */
function jittered(fixture: Fixture, next: () => number, i: number): number[] {
  const row = fixture.inputs[i % fixture.inputs.length]!;
  return row.map((value) => Math.fround(value * (0.95 + 0.1 * next())));
}

async function startServer(dataDir: string, thread: boolean): Promise<Server> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', resolve(import.meta.dirname, 'monitor-server.ts'), dataDir],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, BENCH_MONITOR_THREAD: thread ? 'on' : 'off' },
    },
  );
  const url = await new Promise<string>((res, rej) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/[^\s]+)/u.exec(out);
      if (m?.[1]) res(m[1]);
    });
    child.once('exit', (code) => rej(new Error(`server exited early (${String(code)}): ${out}`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((res) => {
        child.once('exit', () => res());
        child.kill('SIGTERM');
      }),
  };
}

async function call(url: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

function inferBody(row: readonly number[]): string {
  return JSON.stringify({
    inputs: [{ name: 'input', shape: [1, 30], datatype: 'FP32', data: row }],
  });
}

/** Infers until the deployment answers (it loads in the background); returns its outputs. */
async function firstInference(url: string, body: string): Promise<PredictionWrite['outputs']> {
  for (let attempt = 0; attempt < 300; attempt++) {
    const res = await fetch(`${url}/v2/models/${DEPLOYMENT}/infer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    if (res.ok) {
      const { outputs } = (await res.json()) as {
        outputs: { name: string; datatype: string; shape: number[] }[];
      };
      return outputs.map((o) => {
        if (o.datatype !== 'FP32') throw new Error(`unexpected output datatype ${o.datatype}`);
        const size = o.shape.reduce((a, b) => a * b, 1);
        return { name: o.name, datatype: 'FP32', shape: o.shape, data: new Float32Array(size) };
      });
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`deployment ${DEPLOYMENT} never answered`);
}

/** 100,000 predictions (older than any the load adds) straight into the server's SQLite file. */
async function fillLog(dataDir: string, fixture: Fixture, outputs: PredictionWrite['outputs']) {
  const database = await openDatabase(`sqlite:${join(dataDir, 'slipway.db')}`);
  try {
    const store = new SqlPredictionLogStore(database);
    const next = mulberry32(1);
    const start = Date.now() - 2 * WINDOW;
    for (let from = 0; from < WINDOW; from += FILL_BATCH) {
      const records: PredictionWrite[] = [];
      const labels = [];
      for (let i = from; i < from + FILL_BATCH; i++) {
        const p = fixture.expected[i % fixture.expected.length]![0]!;
        const requestId = `fill-${i}`;
        records.push({
          requestId,
          deployment: DEPLOYMENT,
          modelName: MODEL,
          modelVersion: '1',
          variant: 'model',
          inputs: [
            {
              name: 'input',
              datatype: 'FP32',
              shape: [1, 30],
              data: Float32Array.from(jittered(fixture, next, i)),
            },
          ],
          outputs: outputs.map((o) => ({
            ...o,
            data: Float32Array.from(o.data as Float32Array, () => p),
          })),
          latencyMs: 0.5 + next(),
          status: 'ok',
          time: start + i,
        });
        if (i % 2 === 0) {
          labels.push({
            deployment: DEPLOYMENT,
            requestId,
            label: p > 0.5 ? 1 : 0,
            time: start + i,
          });
        }
      }
      await store.append(records);
      await store.attachGroundTruth(labels);
    }
  } finally {
    await database.close();
  }
}

/** A CSV of the model's features (named as the monitor names them), from the same data. */
function referenceCsv(path: string, fixture: Fixture): void {
  const next = mulberry32(2);
  const lines = [Array.from({ length: 30 }, (_, j) => `input[${j}]`).join(',')];
  for (let i = 0; i < REFERENCE_ROWS; i++) lines.push(jittered(fixture, next, i).join(','));
  writeFileSync(path, `${lines.join('\n')}\n`);
}

async function setUp(url: string, workDir: string, fixture: Fixture): Promise<string> {
  const model = resolve(workDir, 'breast_cancer_logreg.onnx');
  copyFileSync(resolve(FIXTURES, 'breast_cancer_logreg.onnx'), model);
  const cli = (...args: string[]) =>
    promisify(execFile)(process.execPath, [CLI, ...args, '--url', url, '--json'], {
      maxBuffer: 16 * 1024 * 1024,
    });
  await cli('models', 'register', MODEL, model);
  await call(url, 'POST', '/api/v1/deployments', {
    name: DEPLOYMENT,
    policy: { type: 'single', model: `models:/${MODEL}/1` },
    logging: { sampleRate: 1 },
  });
  const experiment = (await call(url, 'POST', '/api/2.0/mlflow/experiments/create', {
    name: `monitor-bench-${Date.now()}`,
  })) as { experiment_id: string };
  const run = (await call(url, 'POST', '/api/2.0/mlflow/runs/create', {
    experiment_id: experiment.experiment_id,
  })) as { run: { info: { run_id: string } } };
  const runId = run.run.info.run_id;
  const csv = resolve(workDir, 'reference.csv');
  referenceCsv(csv, fixture);
  await cli('artifacts', 'upload', '--run', runId, csv);
  return `runs:/${runId}/reference.csv`;
}

interface MonitorPhase {
  load: LoadResult;
  /** Monitor runs that ended during the load. */
  runs: number;
  failedRuns: number;
  /** Mean duration of every run started during the load (the last one ends after it). */
  meanRunMs: number;
}

/** Serving load for `seconds`, with the monitor run back to back meanwhile when asked. */
async function phase(
  url: string,
  bodies: string[],
  seconds: number,
  withMonitor: boolean,
): Promise<MonitorPhase> {
  let loading = true;
  let runs = 0;
  let started = 0;
  let failedRuns = 0;
  let runMs = 0;
  const monitorLoop = async () => {
    while (loading) {
      const t0 = performance.now();
      started += 1;
      const result = (await call(url, 'POST', `/api/v1/monitors/${MONITOR}/run`)) as {
        error?: string;
      };
      runMs += performance.now() - t0;
      if (loading) runs += 1;
      if (result.error !== undefined) {
        failedRuns += 1;
        console.log(`  monitor run failed: ${result.error}`);
      }
    }
  };
  const loop = withMonitor ? monitorLoop() : Promise.resolve();
  const load = await runLoad({
    url,
    clients: CLIENTS,
    durationMs: seconds * 1000,
    makeRequest: (c, i) => ({
      method: 'POST',
      path: `/v2/models/${DEPLOYMENT}/infer`,
      body: bodies[(c * 7919 + i) % bodies.length]!,
    }),
  });
  loading = false;
  await loop;
  return { load, runs, failedRuns, meanRunMs: started === 0 ? 0 : runMs / started };
}

/** A first run reads and profiles the reference (cached after) and starts the judging thread. */
async function warmUp(url: string, bodies: string[]): Promise<number> {
  await runLoad({
    url,
    clients: CLIENTS,
    durationMs: 1000,
    makeRequest: (c, i) => ({
      method: 'POST',
      path: `/v2/models/${DEPLOYMENT}/infer`,
      body: bodies[(c + i) % bodies.length]!,
    }),
  });
  const t0 = performance.now();
  const first = (await call(url, 'POST', `/api/v1/monitors/${MONITOR}/run`)) as { error?: string };
  if (first.error !== undefined) throw new Error(`the monitor run failed: ${first.error}`);
  return performance.now() - t0;
}

export async function runMonitorServingBench(workDir: string, seconds: number): Promise<void> {
  mkdirSync(workDir, { recursive: true });
  const fixture = JSON.parse(
    readFileSync(resolve(FIXTURES, 'breast_cancer_logreg.expected.json'), 'utf8'),
  ) as Fixture;
  const bodies = fixture.inputs.map(inferBody);
  const dataDir = resolve(workDir, `data-${Date.now()}`);
  console.log(
    `monitor-serving: ${CLIENTS} clients, ${seconds}s per phase, breast-cancer ONNX via a single deployment (logging on); monitor over the last ${WINDOW.toLocaleString()} predictions, drift vs a ${REFERENCE_ROWS.toLocaleString()}-row dataset + performance, run back to back\n`,
  );
  let server = await startServer(dataDir, true);
  const results: [string, MonitorPhase][] = [];
  try {
    const reference = await setUp(server.url, workDir, fixture);
    const outputs = await firstInference(server.url, bodies[0]!);
    const fillStart = performance.now();
    await fillLog(dataDir, fixture, outputs);
    console.log(
      `filled ${WINDOW.toLocaleString()} predictions in ${((performance.now() - fillStart) / 1000).toFixed(1)} s`,
    );
    await call(server.url, 'POST', '/api/v1/monitors', {
      name: MONITOR,
      deployment: DEPLOYMENT,
      reference: { type: 'dataset', uri: reference },
      window: { last: WINDOW },
      performance: { task: 'regression' },
    });
    const firstMs = await warmUp(server.url, bodies);
    console.log(
      `first monitor run (reads and profiles the reference): ${(firstMs / 1000).toFixed(1)} s`,
    );
    results.push(['serving alone', await phase(server.url, bodies, seconds, false)]);
    results.push(['+ monitor (thread)', await phase(server.url, bodies, seconds, true)]);
    if (process.env.BENCH_MONITOR_INLINE !== '0') {
      await server.stop();
      server = await startServer(dataDir, false);
      await firstInference(server.url, bodies[0]!);
      await warmUp(server.url, bodies);
      results.push(['+ monitor (inline)', await phase(server.url, bodies, seconds, true)]);
    }
  } finally {
    await server.stop();
  }
  const base = results[0]![1].load;
  for (const [label, r] of results) {
    const { load } = r;
    const monitor =
      r.meanRunMs === 0
        ? ''
        : `; ${r.runs} monitor runs ended during it (${(r.meanRunMs / 1000).toFixed(1)} s per run${r.failedRuns > 0 ? `, ${r.failedRuns} failed` : ''})`;
    console.log(
      `${label.padEnd(20)}: ${load.callsPerSecond.toFixed(0).padStart(6)} req/s (${(load.callsPerSecond / base.callsPerSecond).toFixed(2)}x alone), p50 ${load.p50Ms.toFixed(2)} ms, p99 ${load.p99Ms.toFixed(2)} ms, errors ${load.errors}${monitor}`,
    );
  }
  console.log('');
}
