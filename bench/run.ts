// Tracking benchmarks (issue 2): log-batch latency/throughput, bulk ingestion vs the raw-insert floor,
// and search-runs over 100k runs, on SQLite and PostgreSQL, through the real server over HTTP.
import { mkdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { postgresBackend, sqliteBackend } from './backends.js';
import type { BenchBackend } from './backends.js';
import { rawInsertRate } from './direct-sql.js';
import type { MetricRow } from './direct-sql.js';
import { measured } from './process-cpu.js';
import { benchSearch, printSearch } from './search.js';
import { runAuthBench } from './auth.js';
import { runPredictionLogBench } from './prediction-log.js';
import { startServerProcess } from './server-process.js';
import { runServingBench } from './serving.js';
import { runDriftBench } from './drift.js';
import { runMonitorServingBench } from './monitor-serving.js';
import { runUiBench } from './ui.js';
import { runPipelinesBench } from './pipelines.js';

const CLIENTS = 20;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SEARCH_RUNS = Number(process.env.BENCH_SEARCH_RUNS ?? 100_000);
const WORK = resolve(import.meta.dirname, '../.bench-data');
// Published stock-MLflow figures on PostgreSQL with 20 clients (see BENCHMARKS.md).
const MLFLOW = { logBatch10MeanMs: 58, logBatch10CallsPerSec: 340 };

async function post(url: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function createRuns(url: string, experimentId: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const out = (await post(url, '/api/2.0/mlflow/runs/create', {
      experiment_id: experimentId,
    })) as {
      run: { info: { run_id: string } };
    };
    ids.push(out.run.info.run_id);
  }
  return ids;
}

function metricsBody(runId: string, n: number, step: number): string {
  const metrics = Array.from({ length: n }, (_, k) => ({
    key: `m${k % 10}`,
    value: Math.random(),
    timestamp: Date.now(),
    step: step * n + k,
  }));
  return JSON.stringify({ run_id: runId, metrics });
}

async function benchBackend(backend: BenchBackend): Promise<Record<string, number>> {
  const server = await startServerProcess(
    backend.uri,
    resolve(WORK, `data-${backend.name}-${Date.now()}`),
  );
  try {
    const url = server.url;
    const exp = (await post(url, '/api/2.0/mlflow/experiments/create', {
      name: `bench-${Date.now()}`,
    })) as {
      experiment_id: string;
    };
    const runIds = await createRuns(url, exp.experiment_id, CLIENTS);

    const small = await measured(server.pid, {
      url,
      clients: CLIENTS,
      durationMs: SECONDS * 1000,
      makeRequest: (c, i) => ({
        method: 'POST',
        path: '/api/2.0/mlflow/runs/log-batch',
        body: metricsBody(runIds[c] ?? '', 10, i),
      }),
    });
    const large = await measured(server.pid, {
      url,
      clients: CLIENTS,
      durationMs: SECONDS * 1000,
      makeRequest: (c, i) => ({
        method: 'POST',
        path: '/api/2.0/mlflow/runs/log-batch',
        body: metricsBody(runIds[c] ?? '', 1000, i + 1_000_000),
      }),
    });
    const valuesPerSec = (large.calls * 1000) / large.seconds;

    const floorRows: MetricRow[] = Array.from({ length: 200_000 }, (_, i) => ({
      run_id: runIds[i % CLIENTS] ?? '',
      key: `m${i % 10}`,
      value: Math.random(),
      timestamp: Date.now(),
      step: 10_000_000 + i,
    }));
    const floor = await rawInsertRate(backend, floorRows);

    const searchResult = await benchSearch(server, backend, SEARCH_RUNS, CLIENTS, SECONDS);
    return {
      smallCallsPerSec: small.callsPerSecond,
      smallP50: small.p50Ms,
      smallP99: small.p99Ms,
      smallMean: small.meanMs,
      smallErrors: small.errors,
      largeCallsPerSec: large.callsPerSecond,
      largeP50: large.p50Ms,
      largeErrors: large.errors,
      valuesPerSec,
      floorRowsPerSec: floor,
      ...searchResult,
      smallCpu: small.cpuMsPerCall,
      largeCpu: large.cpuMsPerCall,
    };
  } finally {
    await server.stop();
  }
}

const fmt = (n: number | undefined, d = 1) =>
  n === undefined ? '-' : n.toLocaleString('en-US', { maximumFractionDigits: d });

async function main(): Promise<void> {
  mkdirSync(WORK, { recursive: true });
  const suites = process.env.BENCH_SUITES?.split(',') ?? [
    'tracking',
    'auth',
    'serving',
    'prediction-log',
    'ui',
    'drift',
    'monitor-serving',
    'pipelines',
  ];
  const only = suites.includes('tracking')
    ? (process.env.BENCH_BACKENDS?.split(',') ?? ['sqlite', 'postgres'])
    : [];
  console.log(
    `machine: ${cpus().length} x ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`,
  );
  console.log(
    `clients: ${CLIENTS}, ${SECONDS}s per phase, search over ${SEARCH_RUNS.toLocaleString()} runs x 10 params x 10 metrics\n`,
  );
  for (const name of only) {
    const backend = name === 'sqlite' ? sqliteBackend(WORK) : await postgresBackend();
    try {
      const r = await benchBackend(backend);
      console.log(`== ${name}`);
      console.log(
        `log-batch x10 metrics : ${fmt(r.smallCallsPerSec)} calls/s, p50 ${fmt(r.smallP50, 2)} ms, p99 ${fmt(r.smallP99, 2)} ms, mean ${fmt(r.smallMean, 2)} ms, server CPU ${fmt(r.smallCpu, 3)} ms/call, errors ${r.smallErrors}`,
      );
      console.log(
        `   vs stock MLflow    : ${fmt((r.smallCallsPerSec ?? 0) / MLFLOW.logBatch10CallsPerSec, 1)}x calls/s, ${fmt(MLFLOW.logBatch10MeanMs / (r.smallMean ?? 1), 1)}x mean latency`,
      );
      console.log(
        `log-batch x1000       : ${fmt(r.valuesPerSec, 0)} values/s (${fmt(r.largeCallsPerSec)} calls/s, p50 ${fmt(r.largeP50, 1)} ms, server CPU ${fmt(r.largeCpu, 2)} ms/call, errors ${r.largeErrors})`,
      );
      console.log(
        `raw-insert floor      : ${fmt(r.floorRowsPerSec, 0)} rows/s -> ingestion at ${fmt((r.valuesPerSec ?? 0) / (r.floorRowsPerSec ?? 1), 2)} of the floor`,
      );
      printSearch(r);
    } finally {
      await backend.dispose();
    }
  }
  if (suites.includes('auth')) await runAuthBench(resolve(WORK, 'auth'), SECONDS);
  if (suites.includes('serving')) await runServingBench(resolve(WORK, 'serving'), SECONDS);
  if (suites.includes('prediction-log')) {
    await runPredictionLogBench(resolve(WORK, 'prediction-log'), SECONDS);
  }
  if (suites.includes('ui')) await runUiBench(resolve(WORK, 'ui'));
  if (suites.includes('drift')) await runDriftBench();
  if (suites.includes('monitor-serving')) {
    await runMonitorServingBench(resolve(WORK, 'monitor-serving'), SECONDS);
  }
  if (suites.includes('pipelines')) await runPipelinesBench(resolve(WORK, 'pipelines'));
}

await main();
