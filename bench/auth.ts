// Access control on the ingestion hot path (issue 7): log-batch x10 through the real server with
// authentication off (the baseline, measured in the same run) and on: HTTP Basic credentials as
// MLflow clients send them on every call, an API token, and a non-admin user whose permission
// on the experiment is looked up (cached per server).
import { resolve } from 'node:path';
import { sqliteBackend } from './backends.js';
import { runLoad } from './load.js';
import type { LoadResult } from './load.js';
import { startServerProcess } from './server-process.js';

const CLIENTS = 20;
const ADMIN_PASSWORD = 'bench-admin-password';

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

async function call(
  url: string,
  method: string,
  path: string,
  body: unknown,
  authorization?: string,
): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(authorization ? { authorization } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
}

function batch(runId: string, step: number): string {
  const metrics = Array.from({ length: 10 }, (_, k) => ({
    key: `m${k}`,
    value: Math.random(),
    timestamp: Date.now(),
    step,
  }));
  return JSON.stringify({ run_id: runId, metrics });
}

/** log-batch x10 from CLIENTS clients, each on its own run, sending `authorization`. */
async function logBatchLoad(
  url: string,
  seconds: number,
  authorization: string | undefined,
  setup: string | undefined,
): Promise<LoadResult> {
  const exp = (await call(
    url,
    'POST',
    '/api/2.0/mlflow/experiments/create',
    { name: `auth-bench-${Date.now()}-${Math.random()}` },
    setup,
  )) as { experiment_id: string };
  const runs: string[] = [];
  for (let c = 0; c < CLIENTS; c++) {
    const out = (await call(
      url,
      'POST',
      '/api/2.0/mlflow/runs/create',
      { experiment_id: exp.experiment_id },
      setup,
    )) as { run: { info: { run_id: string } } };
    runs.push(out.run.info.run_id);
  }
  return runLoad({
    url,
    clients: CLIENTS,
    durationMs: seconds * 1000,
    makeRequest: (c, i) => ({
      method: 'POST',
      path: '/api/2.0/mlflow/runs/log-batch',
      body: batch(runs[c] ?? '', i),
      authorization,
    }),
  });
}

const fmt = (n: number, d = 1) => n.toLocaleString('en-US', { maximumFractionDigits: d });

function line(name: string, r: LoadResult, base: LoadResult | undefined): string {
  const ratio = base === undefined ? '' : `  ${fmt(r.callsPerSecond / base.callsPerSecond, 2)}x`;
  return `${name.padEnd(34)}: ${fmt(r.callsPerSecond)} calls/s, p50 ${fmt(r.p50Ms, 2)} ms, p99 ${fmt(r.p99Ms, 2)} ms, errors ${r.errors}${ratio}`;
}

export async function runAuthBench(work: string, seconds: number): Promise<void> {
  console.log('== access control on log-batch x10 (SQLite, 20 clients)');
  const off = sqliteBackend(work);
  let baseline: LoadResult | undefined;
  try {
    const server = await startServerProcess(off.uri, resolve(work, `off-${Date.now()}`));
    try {
      baseline = await logBatchLoad(server.url, seconds, undefined, undefined);
      console.log(line('auth off (baseline)', baseline, undefined));
    } finally {
      await server.stop();
    }
  } finally {
    await off.dispose();
  }
  const on = sqliteBackend(work);
  try {
    const server = await startServerProcess(on.uri, resolve(work, `on-${Date.now()}`), {
      args: ['--auth', 'on'],
      env: { SLIPWAY_ADMIN_PASSWORD: ADMIN_PASSWORD },
    });
    try {
      const admin = basic('admin', ADMIN_PASSWORD);
      console.log(
        line(
          'auth on, Basic (admin)',
          await logBatchLoad(server.url, seconds, admin, admin),
          baseline,
        ),
      );
      const created = (await call(
        server.url,
        'POST',
        '/api/v1/tokens',
        { name: 'bench' },
        admin,
      )) as {
        secret: string;
      };
      const bearer = `Bearer ${created.secret}`;
      console.log(
        line(
          'auth on, Bearer token (admin)',
          await logBatchLoad(server.url, seconds, bearer, admin),
          baseline,
        ),
      );
      await call(
        server.url,
        'POST',
        '/api/v1/users',
        { username: 'bench-user', password: 'bench-user-password' },
        admin,
      );
      const user = basic('bench-user', 'bench-user-password');
      // The user creates the experiment, so it holds MANAGE there and each batch checks it.
      console.log(
        line(
          'auth on, Basic (user, permission)',
          await logBatchLoad(server.url, seconds, user, user),
          baseline,
        ),
      );
    } finally {
      await server.stop();
    }
  } finally {
    await on.dispose();
  }
  console.log('');
}
