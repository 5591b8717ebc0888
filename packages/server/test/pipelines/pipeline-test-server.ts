import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildHttpApp, openPlatform } from '@slipway/server';
import type { Platform, PlatformConfig } from '@slipway/server';
import { SlipwayClient } from '@slipway/sdk';

const ADMIN_PASSWORD = 'admin-password-123';

export interface PipelineTestServer {
  url: string;
  dir: string;
  platform: Platform;
  /** The admin's client. */
  admin: SlipwayClient;
  /** A client signed in as one of the users (password `<name>-password-123`). */
  as(username: string): SlipwayClient;
  /** Moves the server's clock forward (heartbeats grow stale, cache entries age). */
  advance(ms: number): void;
  close(): Promise<void>;
}

/**
 * A real server on a loopback port (authentication on, these users besides the admin) whose
 * clock the test moves, so staleness and TTLs are tested without waiting.
 */
export async function openPipelineServer(
  users: string[],
  extra: Partial<PlatformConfig> = {},
): Promise<PipelineTestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'slipway-pipelines-'));
  let offset = 0;
  const platform = await openPlatform(
    {
      authEnabled: true,
      adminPassword: ADMIN_PASSWORD,
      backendStoreUri: `sqlite:${join(dir, 'db')}`,
      artifactsUri: `file:${join(dir, 'artifacts')}`,
      dbPoolSize: 4,
      s3Region: 'us-east-1',
      s3ForcePathStyle: true,
      monitorThread: false,
      ...extra,
    },
    { now: () => Date.now() + offset },
  );
  let app: FastifyInstance | undefined;
  try {
    app = await buildHttpApp(platform, {
      bodyLimitBytes: 4 * 1024 * 1024,
      artifactLimitBytes: 64 * 1024 * 1024,
      logLevel: 'silent',
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    for (const username of users) {
      await platform.users.create(
        { username: 'admin', isAdmin: true, via: 'system' },
        { username, password: `${username}-password-123`, isAdmin: false },
      );
    }
  } catch (err) {
    await app?.close();
    await platform.close();
    throw err;
  }
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('not listening on TCP');
  const url = `http://127.0.0.1:${address.port}`;
  const listening = app;
  return {
    url,
    dir,
    platform,
    admin: new SlipwayClient({ baseUrl: url, username: 'admin', password: ADMIN_PASSWORD }),
    as: (username) =>
      new SlipwayClient({ baseUrl: url, username, password: `${username}-password-123` }),
    advance: (ms) => {
      offset += ms;
    },
    async close() {
      await listening.close();
      await platform.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
