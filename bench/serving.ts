// Serving benchmark (issue 3): OIP REST inference through a `single` deployment (prediction logging and
// metrics on), with and without dynamic batching, against the floor: a bare node:http server calling
// onnxruntime-node directly. 64 concurrent keep-alive clients on loopback.
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { buildMlpOnnx } from '../packages/server/src/serving/runtime/onnx-builder/build-mlp-onnx.js';
import { runLoad } from './load.js';
import type { LoadResult } from './load.js';

const CLIENTS = 64;
const CLI = resolve(import.meta.dirname, '../packages/cli/bin/slipway.js');
const FIXTURES = resolve(import.meta.dirname, '../packages/server/test/fixtures/models');

interface ModelCase {
  name: string;
  file: string;
  features: number;
}

function waitForUrl(child: ChildProcess): Promise<string> {
  return new Promise((res, rej) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/[^\s]+)/u.exec(out);
      if (m?.[1]) res(m[1]);
    });
    child.once('exit', (code) => rej(new Error(`exited early (${String(code)}): ${out}`)));
  });
}

function pid(child: ChildProcess): number {
  if (child.pid === undefined) throw new Error('server process has no pid');
  return child.pid;
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((res) => {
    child.once('exit', () => res());
    child.kill('SIGTERM');
  });
}

function inferBody(features: number): string {
  const data = Array.from({ length: features }, (_, i) => ((i * 7919) % 1000) / 1000);
  return JSON.stringify({
    inputs: [{ name: 'input', shape: [1, features], datatype: 'FP32', data }],
  });
}

interface ServingResult extends LoadResult {
  /** Server process CPU (all threads, user + system) per request: steadier than req/s when the
   * client shares the cores. */
  cpuUsPerCall: number;
}

/** utime + stime in microseconds from a /proc stat file (Linux). */
function statCpuUs(path: string): number {
  const stat = readFileSync(path, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of stat(5); the slice starts at field 3.
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100;
}

function processCpuUs(pid: number): number {
  return statCpuUs(`/proc/${pid}/stat`);
}

/** CPU per thread (BENCH_THREADS=1): shows whether the HTTP thread or the workers are the limit. */
function threadCpuUs(pid: number): Map<string, number> {
  const threads = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      threads.set(`${name}#${tid}`, statCpuUs(`/proc/${pid}/task/${tid}/stat`));
    } catch {
      // The thread ended between listing and reading.
    }
  }
  return threads;
}

function printThreadCpu(before: Map<string, number>, after: Map<string, number>, calls: number) {
  const parts: string[] = [];
  for (const [thread, us] of after) {
    const perCall = (us - (before.get(thread) ?? 0)) / Math.max(1, calls);
    if (perCall >= 1) parts.push(`${thread} ${perCall.toFixed(0)}`);
  }
  console.log(`  CPU us/req by thread: ${parts.join(', ')}`);
}

async function load(
  url: string,
  path: string,
  body: string,
  seconds: number,
  pid: number,
): Promise<ServingResult> {
  // A short warm-up lets JIT and worker pools settle before measuring.
  await runLoad({
    url,
    clients: CLIENTS,
    durationMs: 1000,
    makeRequest: () => ({ method: 'POST', path, body }),
  });
  const perThread = process.env.BENCH_THREADS === '1';
  const threadsBefore = perThread ? threadCpuUs(pid) : new Map<string, number>();
  const cpuBefore = processCpuUs(pid);
  const result = await runLoad({
    url,
    clients: CLIENTS,
    durationMs: seconds * 1000,
    makeRequest: () => ({ method: 'POST', path, body }),
  });
  if (perThread) printThreadCpu(threadsBefore, threadCpuUs(pid), result.calls);
  return { ...result, cpuUsPerCall: (processCpuUs(pid) - cpuBefore) / Math.max(1, result.calls) };
}

async function floor(model: ModelCase, seconds: number): Promise<ServingResult> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', resolve(import.meta.dirname, 'serving-floor.ts'), model.file],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    const url = await waitForUrl(child);
    return await load(
      url,
      '/v2/models/floor/infer',
      inferBody(model.features),
      seconds,
      pid(child),
    );
  } finally {
    await stop(child);
  }
}

async function slipway(
  model: ModelCase,
  workDir: string,
  seconds: number,
): Promise<{ single: ServingResult; batched: ServingResult }> {
  const dataDir = resolve(workDir, `serving-${model.name}-${Date.now()}`);
  // BENCH_SERVER_NODE_ARGS (for example "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the server;
  // BENCH_SERVER_ARGS adds server flags (for example "--worker-pool-size 1").
  const words = (name: string) => (process.env[name] ?? '').split(' ').filter(Boolean);
  const serverArgs = [
    ...words('BENCH_SERVER_NODE_ARGS'),
    CLI,
    'server',
    '--port',
    '0',
    '--data-dir',
    dataDir,
    ...words('BENCH_SERVER_ARGS'),
  ];
  const child = spawn(process.execPath, serverArgs, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, SLIPWAY_LOG_LEVEL: 'warn' },
  });
  try {
    const url = await waitForUrl(child);
    await promisify(execFile)(process.execPath, [
      CLI,
      'models',
      'register',
      model.name,
      model.file,
      '--url',
      url,
      '--json',
    ]);
    const apply = async (name: string, extra: Record<string, unknown>) => {
      const res = await fetch(`${url}/api/v1/deployments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          name,
          policy: { type: 'single', model: `models:/${model.name}/1` },
          logging: { sampleRate: 1 },
          ...extra,
        }),
      });
      if (!res.ok) throw new Error(`apply ${name}: ${res.status} ${await res.text()}`);
    };
    await apply(`${model.name}-single`, {});
    await apply(`${model.name}-batched`, { batching: { maxBatchSize: 32, maxDelayMs: 2 } });
    const body = inferBody(model.features);
    const single = await load(
      url,
      `/v2/models/${model.name}-single/infer`,
      body,
      seconds,
      pid(child),
    );
    const batched = await load(
      url,
      `/v2/models/${model.name}-batched/infer`,
      body,
      seconds,
      pid(child),
    );
    return { single, batched };
  } finally {
    await stop(child);
  }
}

export async function runServingBench(workDir: string, seconds: number): Promise<void> {
  mkdirSync(workDir, { recursive: true });
  const bc = resolve(workDir, 'breast_cancer_logreg.onnx');
  copyFileSync(resolve(FIXTURES, 'breast_cancer_logreg.onnx'), bc);
  const mlpFile = resolve(workDir, 'mlp-784-256-256-10.onnx');
  writeFileSync(mlpFile, buildMlpOnnx({ layers: [784, 256, 256, 10], seed: 7 }).bytes);
  const models: ModelCase[] = [
    { name: 'breast-cancer', file: bc, features: 30 },
    { name: 'mlp', file: mlpFile, features: 784 },
  ];
  const row = (label: string, r: ServingResult, base: ServingResult) =>
    console.log(
      `${label.padEnd(22)}: ${r.callsPerSecond.toFixed(0).padStart(6)} req/s (${(r.callsPerSecond / base.callsPerSecond).toFixed(2)}x floor), p50 ${r.p50Ms.toFixed(2)} ms (${(r.p50Ms - base.p50Ms >= 0 ? '+' : '') + (r.p50Ms - base.p50Ms).toFixed(2)} ms), p99 ${r.p99Ms.toFixed(2)} ms, server CPU ${r.cpuUsPerCall.toFixed(0)} us/req (${(r.cpuUsPerCall / base.cpuUsPerCall).toFixed(2)}x floor), errors ${r.errors}`,
    );
  console.log(
    `serving: ${CLIENTS} clients, ${seconds}s per phase, OIP REST JSON, one row per request\n`,
  );
  const only = process.env.BENCH_MODELS?.split(',');
  for (const model of models) {
    if (only && !only.includes(model.name)) continue;
    const base = await floor(model, seconds);
    const ours = await slipway(model, workDir, seconds);
    console.log(`== ${model.name}`);
    row('floor (bare ort)', base, base);
    row('single deployment', ours.single, base);
    row('single + batching', ours.batched, base);
    console.log('');
  }
}
