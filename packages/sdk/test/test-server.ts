import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadServerConfig, startServer } from '@slipway/server';
import type { RunningServer } from '@slipway/server';

export interface TestServer {
  url: string;
  server: RunningServer;
  close(): Promise<void>;
}

/** A real Slipway server on a free loopback port, with its data in a throwaway directory. */
export async function startTestServer(): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'slipway-sdk-'));
  const server = await startServer(
    loadServerConfig({ port: 0, dataDir, logLevel: 'silent', dbPoolSize: 4 }, {}),
  );
  return {
    url: server.url,
    server,
    async close() {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Records every request a client makes while passing it on to the real fetch. */
export function recordingFetch(): {
  fetch: typeof fetch;
  requests: Array<{ method: string; url: string; headers: Headers; body: unknown }>;
  maxConcurrent: () => number;
} {
  const requests: Array<{ method: string; url: string; headers: Headers; body: unknown }> = [];
  let active = 0;
  let max = 0;
  const wrapped: typeof fetch = async (input, init) => {
    requests.push({
      method: init?.method ?? 'GET',
      url: String(input),
      headers: new Headers(init?.headers),
      body: init?.body,
    });
    active += 1;
    max = Math.max(max, active);
    try {
      return await fetch(input, init);
    } finally {
      active -= 1;
    }
  };
  return { fetch: wrapped, requests, maxConcurrent: () => max };
}
