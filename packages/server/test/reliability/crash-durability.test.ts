import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SQL_BACKENDS } from '../support/sql-backends.js';
import { spawnServer, waitForExit } from './child-server.js';
import { createRun, logBatch, metricHistory } from './mlflow-client.js';

const WRITERS = 8;

describe.each(SQL_BACKENDS)('kill -9 during heavy logging on $name', (backend) => {
  it('loses no acknowledged write', async () => {
    const created = await backend.create();
    await created.database.close();
    const dir = mkdtempSync(join(tmpdir(), 'slipway-crash-'));
    try {
      const first = await spawnServer(created.uri, dir);
      const runs = await Promise.all(Array.from({ length: WRITERS }, () => createRun(first.url)));
      const acknowledged = runs.map(() => new Set<number>());
      let stop = false;
      const writers = runs.map(async (runId, w) => {
        for (let b = 0; !stop; b++) {
          const metrics = Array.from({ length: 50 }, (_, i) => ({
            key: 'loss',
            value: b * 50 + i,
            timestamp: 1_700_000_000_000 + b,
            step: b * 50 + i,
          }));
          try {
            await logBatch(first.url, runId, metrics);
            for (const m of metrics) acknowledged[w]?.add(m.value);
          } catch {
            return; // the server died mid-request: this batch was never acknowledged
          }
        }
      });
      // Let the writers build up load, then kill the server without warning.
      await new Promise((r) => setTimeout(r, 1500));
      first.child.kill('SIGKILL');
      stop = true;
      await Promise.all(writers);
      await waitForExit(first.child);
      const total = acknowledged.reduce((n, s) => n + s.size, 0);
      expect(total).toBeGreaterThan(0);

      const second = await spawnServer(created.uri, dir);
      try {
        for (const [w, runId] of runs.entries()) {
          const stored = new Set(
            (await metricHistory(second.url, runId, 'loss')).map((m) => m.value),
          );
          const missing = [...(acknowledged[w] ?? [])].filter((v) => !stored.has(v));
          expect(missing).toEqual([]);
        }
      } finally {
        second.child.kill('SIGTERM');
        await waitForExit(second.child);
      }
    } finally {
      await created.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
