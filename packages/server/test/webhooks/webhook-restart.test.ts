import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPlatform } from '@slipway/server';
import type { Platform } from '@slipway/server';
import { SYSTEM_ADMIN } from '../access/access-fixtures.js';
import { SQL_BACKENDS } from '../support/sql-backends.js';
import { openReceiver } from './receiver.js';
import { SECRET } from './webhook-harness.js';

/** Long enough for the first server to log the failure and close before the retry is due. */
const RETRY_DELAY_MS = 2_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(SQL_BACKENDS)('webhook retries across a restart ($name)', (backend) => {
  let uri: string;
  let dir: string;
  let dispose: () => Promise<void>;
  const opened: Platform[] = [];
  const receivers: Array<{ close(): Promise<void> }> = [];

  beforeEach(async () => {
    const created = await backend.create();
    uri = created.uri;
    dispose = created.dispose;
    dir = await mkdtemp(join(tmpdir(), 'slipway-webhook-restart-'));
  });
  afterEach(async () => {
    for (const platform of opened.splice(0)) await platform.close();
    for (const receiver of receivers.splice(0)) await receiver.close();
    await sleep(50);
    await dispose();
    await rm(dir, { recursive: true, force: true });
  });

  /** A server process's platform on the shared database. */
  async function open(): Promise<Platform> {
    const platform = await openPlatform({
      backendStoreUri: uri,
      artifactsUri: `file:${join(dir, 'artifacts')}`,
      dbPoolSize: 4,
      s3Region: 'us-east-1',
      s3ForcePathStyle: true,
      logLevel: 'silent',
      webhookRetryDelaysMs: [RETRY_DELAY_MS],
    });
    opened.push(platform);
    return platform;
  }

  async function close(platform: Platform): Promise<void> {
    opened.splice(opened.indexOf(platform), 1);
    await platform.close();
  }

  async function log(platform: Platform, webhookId: string) {
    return (await platform.webhooks.deliveries(SYSTEM_ADMIN, webhookId, {})).deliveries;
  }

  /**
   * A webhook whose receiver answers 503 once, a registry change on a first server, and that
   * server closed once the failure (and the retry it plans) is logged, before the retry is due.
   */
  async function failOnceThenStop() {
    const rx = await openReceiver(SECRET, [503]);
    receivers.push(rx);
    const first = await open();
    const hook = await first.webhooks.create(SYSTEM_ADMIN, {
      name: 'ci',
      url: rx.url,
      events: ['registered_model.created'],
      secret: SECRET,
    });
    await first.registry.createRegisteredModel(SYSTEM_ADMIN, { name: 'restarted' });
    await rx.waitFor(1);
    let logged = await log(first, hook.id);
    for (let i = 0; i < 40 && logged.length === 0; i++) {
      await sleep(25);
      logged = await log(first, hook.id);
    }
    await close(first);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ attempt: 1, statusCode: 503 });
    expect(logged[0]?.nextAttemptAt).toBeGreaterThan(Date.now());
    expect(rx.received).toHaveLength(1);
    return { rx, hook, planned: logged[0]! };
  }

  it('a retry planned before a restart is sent by the next server, same id, signed', async () => {
    const { rx, hook, planned } = await failOnceThenStop();

    const second = await open();
    expect(second.jobs.scheduled('webhook-delivery')).toEqual([`${planned.deliveryId}:${hook.id}`]);
    const [firstTry, retry] = await rx.waitFor(2);
    expect(retry?.verified).toBe(true);
    expect(retry?.headers['x-mlflow-delivery-id']).toBe(planned.deliveryId);
    expect(retry?.headers['x-mlflow-delivery-id']).toBe(firstTry?.headers['x-mlflow-delivery-id']);
    expect(retry?.body).toBe(firstTry?.body);
    expect(retry?.body).toBe(planned.payload);

    let logged = await log(second, hook.id);
    for (let i = 0; i < 40 && logged.length < 2; i++) {
      await sleep(25);
      logged = await log(second, hook.id);
    }
    expect(logged.map((d) => [d.attempt, d.statusCode, d.deliveryId])).toEqual([
      [2, 200, planned.deliveryId],
      [1, 503, planned.deliveryId],
    ]);
    expect(logged[0]).not.toHaveProperty('nextAttemptAt');
    // Done: a server started now has nothing to resume.
    const third = await open();
    expect(third.jobs.scheduled('webhook-delivery')).toEqual([]);
  });

  it('two servers started on the same store send an owed retry once', async () => {
    const { rx, hook, planned } = await failOnceThenStop();

    const a = await open();
    const b = await open();
    const key = `${planned.deliveryId}:${hook.id}`;
    expect(a.jobs.scheduled('webhook-delivery')).toEqual([key]);
    expect(b.jobs.scheduled('webhook-delivery')).toEqual([key]);
    await rx.waitFor(2);
    // Both timers fire at the time planned; give the loser time to send, were it to.
    await sleep(500);
    expect(rx.received).toHaveLength(2);
    expect(rx.received[1]?.verified).toBe(true);
    const logged = await log(a, hook.id);
    expect(logged.map((d) => [d.attempt, d.statusCode])).toEqual([
      [2, 200],
      [1, 503],
    ]);
  });

  it('a retry owed to a webhook disabled meanwhile is not resumed', async () => {
    const { rx, hook } = await failOnceThenStop();
    const admin = await open();
    await admin.webhooks.update(SYSTEM_ADMIN, hook.id, { status: 'DISABLED' });
    await close(admin);

    const next = await open();
    expect(next.jobs.scheduled('webhook-delivery')).toEqual([]);
    await sleep(RETRY_DELAY_MS + 200);
    expect(rx.received).toHaveLength(1);
  });
});
