import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadServerConfig, startServer } from '../../src/index.js';
import { createRun } from './mlflow-client.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('graceful shutdown', () => {
  it('finishes an in-flight request, refuses new connections, then closes the stores', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slipway-drain-'));
    dirs.push(dir);
    const server = await startServer(
      loadServerConfig({ port: 0, dataDir: dir, logLevel: 'silent', shutdownGraceMs: 10_000 }, {}),
    );
    const runId = await createRun(server.url);
    const target = new URL(server.url);

    // Start an upload and keep its body open, so the request is in flight when shutdown begins.
    let status = 0;
    const req = request({
      host: target.hostname,
      port: target.port,
      method: 'PUT',
      path: `/api/v1/runs/${runId}/artifacts/slow.bin`,
      headers: { 'content-type': 'application/octet-stream', 'content-length': '6' },
    });
    const answered = new Promise<void>((resolve, reject) => {
      req.on('response', (res) => {
        status = res.statusCode ?? 0;
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
    });
    req.write('abc');
    await new Promise((r) => setTimeout(r, 100));

    let closed = false;
    const closing = server.close().then(() => {
      closed = true;
    });
    await new Promise((r) => setTimeout(r, 100));
    // The listener is gone: a new connection is refused while the old request still runs.
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
    expect(closed).toBe(false);

    req.end('def');
    await answered;
    await closing;
    expect(status).toBe(204);
    expect(closed).toBe(true);

    // The acknowledged upload is there after a restart on the same data directory.
    const again = await startServer(
      loadServerConfig({ port: 0, dataDir: dir, logLevel: 'silent' }, {}),
    );
    try {
      const res = await fetch(`${again.url}/api/v1/runs/${runId}/artifacts/slow.bin`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('abcdef');
    } finally {
      await again.close();
    }
  });
});
