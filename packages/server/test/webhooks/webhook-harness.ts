import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { buildHttpApp, openPlatform } from '@slipway/server';
import { SYSTEM_ADMIN, basic, mlflowCall, passwordOf } from '../access/access-fixtures.js';
import { ADMIN_PASSWORD } from '../native/native-harness.js';
import type { NativeHarness } from '../native/native-harness.js';
import { openReceiver } from './receiver.js';

export const SECRET = 'receiver-secret';
export const BOB = basic('bob', passwordOf('bob'));
/** The waits before retries in these tests (the default is 1 s, 4 s, 16 s). */
export const RETRY_DELAYS_MS = [50, 100];

export interface WebhookHarness {
  h: NativeHarness;
  /** A receiver on 127.0.0.1 answering `statuses` first, closed after the test. */
  receiver(statuses?: number[]): ReturnType<typeof openReceiver>;
  /** A webhook signed with SECRET, through MLflow's API as the admin. */
  createWebhook(url: string, events: Array<[string, string]>): Promise<{ webhook_id: string }>;
}

/**
 * A real platform with authentication on behind the real HTTP app, the admin `admin` and the user
 * `bob`; every test's webhooks and receivers are removed after it.
 */
export function useWebhookHarness(): WebhookHarness {
  const receivers: Array<{ close(): Promise<void> }> = [];
  const t = {} as WebhookHarness;

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'slipway-webhooks-'));
    const platform = await openPlatform({
      authEnabled: true,
      adminPassword: ADMIN_PASSWORD,
      backendStoreUri: `sqlite:${join(dir, 'db')}`,
      artifactsUri: `file:${join(dir, 'artifacts')}`,
      dbPoolSize: 4,
      s3Region: 'us-east-1',
      s3ForcePathStyle: true,
      logLevel: 'silent',
      webhookRetryDelaysMs: RETRY_DELAYS_MS,
    });
    const app = await buildHttpApp(platform, {
      bodyLimitBytes: 1024 * 1024,
      artifactLimitBytes: 1024 * 1024,
      logLevel: 'silent',
    });
    await app.ready();
    await platform.users.create(SYSTEM_ADMIN, {
      username: 'bob',
      password: passwordOf('bob'),
      isAdmin: false,
    });
    t.h = {
      app,
      platform,
      dir,
      defaultHeaders: { authorization: basic('admin', ADMIN_PASSWORD) },
      async close() {
        await app.close();
        await platform.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  });

  afterEach(async () => {
    // Each test's webhooks go, so later registry changes do not reach its (closed) receiver.
    const list = await mlflowCall(t.h, 'GET', '/webhooks');
    for (const w of list.json.webhooks as Array<{ webhook_id: string }>) {
      await mlflowCall(t.h, 'DELETE', `/webhooks/${w.webhook_id}`);
    }
    for (const receiver of receivers.splice(0)) await receiver.close();
  });

  afterAll(async () => t.h.close());

  t.receiver = async (statuses = []) => {
    const opened = await openReceiver(SECRET, statuses);
    receivers.push(opened);
    return opened;
  };

  t.createWebhook = async (url, events) => {
    const res = await mlflowCall(t.h, 'POST', '/webhooks', {
      name: 'ci',
      url,
      secret: SECRET,
      events: events.map(([entity, action]) => ({ entity, action })),
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return res.json.webhook as { webhook_id: string };
  };
  return t;
}
