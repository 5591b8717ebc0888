import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig, startServer } from '../../src/index.js';
import type { RunningServer } from '../../src/index.js';
import { SQL_BACKENDS } from '../support/sql-backends.js';
import { createRun, logBatch, metricHistory } from './mlflow-client.js';

const CLIENTS = 16;
const BATCHES_PER_CLIENT = 12;
const METRICS_PER_BATCH = 25;

describe.each(SQL_BACKENDS)('16 concurrent writers on $name', (backend) => {
  let server: RunningServer;
  let dispose: () => Promise<void>;
  let dir: string;

  beforeAll(async () => {
    const created = await backend.create();
    dispose = created.dispose;
    // The server opens its own connection pool to the same database.
    await created.database.close();
    dir = mkdtempSync(join(tmpdir(), 'slipway-concurrency-'));
    server = await startServer(
      loadServerConfig(
        { port: 0, backendStoreUri: created.uri, artifactsUri: `file:${dir}`, logLevel: 'silent' },
        {},
      ),
    );
  });

  afterAll(async () => {
    await server?.close();
    await dispose?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged metric, logging to one shared run and to one run per client', async () => {
    const shared = await createRun(server.url);
    const own = await Promise.all(Array.from({ length: CLIENTS }, () => createRun(server.url)));
    await Promise.all(
      own.map(async (runId, client) => {
        for (let b = 0; b < BATCHES_PER_CLIENT; b++) {
          const metrics = Array.from({ length: METRICS_PER_BATCH }, (_, i) => ({
            key: `m${i % 5}`,
            value: client * 1e6 + b * 1000 + i,
            timestamp: 1_700_000_000_000 + b,
            step: b * METRICS_PER_BATCH + i,
          }));
          await logBatch(server.url, shared, metrics);
          await logBatch(server.url, runId, metrics);
        }
      }),
    );
    const perRun = BATCHES_PER_CLIENT * METRICS_PER_BATCH;
    for (const [client, runId] of own.entries()) {
      let total = 0;
      for (let k = 0; k < 5; k++) {
        const history = await metricHistory(server.url, runId, `m${k}`);
        total += history.length;
        expect(history.every((m) => Math.floor(m.value / 1e6) === client)).toBe(true);
      }
      expect(total).toBe(perRun);
    }
    const sharedValues = new Set<number>();
    for (let k = 0; k < 5; k++) {
      for (const m of await metricHistory(server.url, shared, `m${k}`)) sharedValues.add(m.value);
    }
    expect(sharedValues.size).toBe(CLIENTS * perRun);
  });
});
