import type { BenchBackend } from './backends.js';
import { seedRuns } from './direct-sql.js';
import { measured } from './process-cpu.js';
import { fullSortSearchMs } from './search-baseline.js';

// Published stock-MLflow figure for this query over 100,000 runs with 20 clients (BENCHMARKS.md).
const MLFLOW_SEARCH_MS = 1004;

const fmt = (n: number | undefined, d = 1) =>
  n === undefined ? '-' : n.toLocaleString('en-US', { maximumFractionDigits: d });

async function post(url: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const send = () =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  // After a long seed the pooled keep-alive sockets have been closed by the server (EPIPE on
  // reuse); fetch does not retry a POST itself, so try again until a live socket answers.
  let res: Response | undefined;
  for (let attempt = 0; res === undefined; attempt++) {
    try {
      res = await send();
    } catch (err) {
      if (attempt >= 10) throw err;
    }
  }
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/**
 * search-runs over `runs` seeded runs (10 params, 10 metrics each) through the running server:
 * the benchmark's query with `clients` clients and with one, the same with run_info_only, and the
 * same-run baseline of the query as one full-sort SQL statement sent straight to the database.
 */
export async function benchSearch(
  server: { url: string; pid: number },
  backend: BenchBackend,
  runs: number,
  clients: number,
  seconds: number,
): Promise<Record<string, number>> {
  const { url, pid } = server;
  const experiment = (await post(url, '/api/2.0/mlflow/experiments/create', {
    name: `search-${Date.now()}`,
  })) as { experiment_id: string };
  const t0 = performance.now();
  await seedRuns(backend, Number(experiment.experiment_id), runs);
  const seedSecs = (performance.now() - t0) / 1000;
  const body = {
    experiment_ids: [experiment.experiment_id],
    filter: "metrics.m1 > 0.5 and params.p1 = 'v3'",
    order_by: ['metrics.m2 DESC'],
    max_results: 100,
  };
  const check = await post(url, '/api/2.0/mlflow/runs/search', body);
  const returned = ((check.runs as unknown[]) ?? []).length;
  const phase = (n: number, extra: Record<string, unknown> = {}) => {
    const text = JSON.stringify({ ...body, ...extra });
    return measured(pid, {
      url,
      clients: n,
      durationMs: seconds * 1000,
      makeRequest: () => ({ method: 'POST', path: '/api/2.0/mlflow/runs/search', body: text }),
    });
  };
  const many = await phase(clients);
  const one = await phase(1);
  const infoOnly = await phase(clients, { run_info_only: true });
  const fullSortMs = await fullSortSearchMs(backend, Number(experiment.experiment_id), seconds);
  return {
    searchRuns: runs,
    seedSecs,
    searchReturned: returned,
    searchCallsPerSec: many.callsPerSecond,
    searchP50: many.p50Ms,
    searchP99: many.p99Ms,
    searchMean: many.meanMs,
    searchErrors: many.errors + one.errors + infoOnly.errors,
    searchCpu: many.cpuMsPerCall,
    searchOneP50: one.p50Ms,
    searchOneMean: one.meanMs,
    searchOneCpu: one.cpuMsPerCall,
    infoOnlyCallsPerSec: infoOnly.callsPerSecond,
    infoOnlyP50: infoOnly.p50Ms,
    infoOnlyCpu: infoOnly.cpuMsPerCall,
    fullSortMs,
  };
}

export function printSearch(r: Record<string, number | undefined>): void {
  console.log(
    `search-runs (${fmt(r.searchRuns, 0)} runs): ${fmt(r.searchCallsPerSec)} calls/s, p50 ${fmt(r.searchP50, 1)} ms, p99 ${fmt(r.searchP99, 1)} ms, mean ${fmt(r.searchMean, 1)} ms, server CPU ${fmt(r.searchCpu, 2)} ms/call (returned ${r.searchReturned}, errors ${r.searchErrors}, seeded in ${fmt(r.seedSecs)} s)`,
  );
  console.log(
    `   vs stock MLflow    : ${fmt(MLFLOW_SEARCH_MS / (r.searchMean ?? 1), 1)}x mean latency (its figure is for 100,000 runs)`,
  );
  console.log(
    `search-runs, 1 client : p50 ${fmt(r.searchOneP50, 2)} ms, mean ${fmt(r.searchOneMean, 2)} ms, server CPU ${fmt(r.searchOneCpu, 2)} ms/call`,
  );
  console.log(
    `   vs full-sort SQL   : ${fmt(r.fullSortMs, 1)} ms for that query alone (1 client, no HTTP) -> ${fmt((r.fullSortMs ?? 0) / (r.searchOneMean ?? 1), 1)}x faster end to end`,
  );
  console.log(
    `search run_info_only  : ${fmt(r.infoOnlyCallsPerSec)} calls/s, p50 ${fmt(r.infoOnlyP50, 1)} ms, server CPU ${fmt(r.infoOnlyCpu, 2)} ms/call -> ${fmt((r.infoOnlyCallsPerSec ?? 0) / (r.searchCallsPerSec ?? 1), 1)}x the calls/s of full runs\n`,
  );
}
