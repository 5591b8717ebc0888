import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewWebhookDelivery, Webhook } from '@slipway/core';
import { SqlWebhookStore } from '../../src/storage/sql/webhook-store.js';
import type { SqlDatabase } from '../../src/storage/sql/sql-database.js';
import { SQL_BACKENDS } from '../support/sql-backends.js';

function webhook(id: string, overrides: Partial<Webhook> = {}): Webhook {
  return {
    id,
    name: `hook ${id}`,
    url: `https://example.com/${id}`,
    events: ['model_version.created'],
    status: 'ACTIVE',
    createdAt: 1_000,
    updatedAt: 1_000,
    ...overrides,
  };
}

function delivery(overrides: Partial<NewWebhookDelivery> = {}): NewWebhookDelivery {
  return {
    webhookId: 'a',
    deliveryId: 'd-1',
    event: 'model_version.created',
    payload: '{"x":1}',
    attempt: 1,
    time: 5_000,
    ...overrides,
  };
}

describe.each(SQL_BACKENDS)('WebhookStore contract ($name)', (backend) => {
  let database: SqlDatabase;
  let store: SqlWebhookStore;
  let dispose: (() => Promise<void>) | undefined;

  beforeEach(async () => {
    const created = await backend.create();
    database = created.database;
    dispose = created.dispose;
    store = new SqlWebhookStore(database);
  });
  afterEach(async () => {
    // As access-fixtures: let the pool's sockets finish before the database is dropped.
    await database.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await dispose?.();
  });

  it('round-trips every field; absent optional fields stay absent', async () => {
    const full = webhook('a', {
      events: ['registered_model.created', 'model_version_alias.deleted'],
      description: 'CI "hook" ü',
      secret: 's3cret',
      status: 'DISABLED',
      createdAt: 1_700_000_000_123,
      updatedAt: 1_700_000_000_456,
    });
    await store.create(full);
    await store.create(webhook('b'));
    expect(await store.get('a')).toEqual(full);
    const bare = await store.get('b');
    expect(bare).toEqual(webhook('b'));
    expect(bare).not.toHaveProperty('secret');
    expect(bare).not.toHaveProperty('description');
    expect(await store.get('nope')).toBeUndefined();
  });

  it('lists oldest first in pages', async () => {
    await store.create(webhook('c', { createdAt: 3 }));
    await store.create(webhook('a', { createdAt: 1 }));
    await store.create(webhook('b', { createdAt: 2 }));
    const first = await store.list({ limit: 2, offset: 0 });
    expect(first.items.map((w) => w.id)).toEqual(['a', 'b']);
    expect(first.nextOffset).toBe(2);
    const second = await store.list({ limit: 2, offset: 2 });
    expect(second.items.map((w) => w.id)).toEqual(['c']);
    expect(second.nextOffset).toBeUndefined();
  });

  it('finds the active webhooks subscribed to an event', async () => {
    await store.create(
      webhook('a', { events: ['model_version.created', 'model_version_tag.set'] }),
    );
    await store.create(webhook('b', { events: ['model_version_tag.set'], createdAt: 2_000 }));
    await store.create(webhook('c', { events: ['model_version_tag.set'], status: 'DISABLED' }));
    await store.create(webhook('d', { events: ['model_version_tag.deleted'] }));
    const ids = async (event: string) => (await store.listActiveFor(event)).map((w) => w.id);
    expect(await ids('model_version_tag.set')).toEqual(['a', 'b']);
    expect(await ids('model_version.created')).toEqual(['a']);
    // A prefix of an event name is not the event.
    expect(await ids('model_version')).toEqual([]);
  });

  it('updates only the fields given; empty strings clear the secret and description', async () => {
    await store.create(webhook('a', { secret: 'old', description: 'd' }));
    const renamed = await store.update('a', { name: 'new', status: 'DISABLED' }, 2_000);
    expect(renamed).toEqual(
      webhook('a', {
        name: 'new',
        status: 'DISABLED',
        secret: 'old',
        description: 'd',
        updatedAt: 2_000,
      }),
    );
    const cleared = await store.update(
      'a',
      { secret: '', description: '', events: ['registered_model.created'], url: 'http://h/x' },
      3_000,
    );
    expect(cleared).not.toHaveProperty('secret');
    expect(cleared).not.toHaveProperty('description');
    expect(cleared?.events).toEqual(['registered_model.created']);
    expect(cleared?.url).toBe('http://h/x');
    expect(await store.update('nope', { name: 'x' }, 4_000)).toBeUndefined();
  });

  it('appends deliveries and lists them newest first, per webhook, in pages', async () => {
    await store.create(webhook('a'));
    await store.create(webhook('b'));
    const first = await store.appendDelivery(
      delivery({ statusCode: 500, nextAttemptAt: 6_000, payload: '{"ü":"\\n"}' }),
    );
    await store.appendDelivery(delivery({ webhookId: 'b', deliveryId: 'other' }));
    const second = await store.appendDelivery(
      delivery({ attempt: 2, time: 6_000, error: 'connect ECONNREFUSED' }),
    );
    const third = await store.appendDelivery(
      delivery({ attempt: 3, time: 10_000, statusCode: 200 }),
    );
    expect(second.id).toBeGreaterThan(first.id);
    const page = await store.listDeliveries('a', { limit: 2, offset: 0 });
    expect(page.items).toEqual([third, second]);
    expect(page.nextOffset).toBe(2);
    const rest = await store.listDeliveries('a', { limit: 2, offset: 2 });
    expect(rest.items).toEqual([first]);
    expect(rest.items[0]).toEqual({
      ...delivery({ statusCode: 500, nextAttemptAt: 6_000, payload: '{"ü":"\\n"}' }),
      id: first.id,
    });
    expect(second).not.toHaveProperty('statusCode');
    expect(third).not.toHaveProperty('error');
    expect(rest.nextOffset).toBeUndefined();
  });

  it('finds the last attempt of a delivery, per webhook', async () => {
    await store.create(webhook('a'));
    await store.create(webhook('b'));
    await store.appendDelivery(delivery({ statusCode: 503, nextAttemptAt: 6_000 }));
    const second = await store.appendDelivery(delivery({ attempt: 2, time: 6_000 }));
    const other = await store.appendDelivery(delivery({ webhookId: 'b', nextAttemptAt: 7_000 }));
    await store.appendDelivery(delivery({ deliveryId: 'd-2' }));
    expect(await store.latestDelivery('a', 'd-1')).toEqual(second);
    expect(await store.latestDelivery('b', 'd-1')).toEqual(other);
    expect(await store.latestDelivery('a', 'nope')).toBeUndefined();
    expect(await store.latestDelivery('nope', 'd-1')).toBeUndefined();
  });

  it('finds every attempt of the deliveries about some subjects, with the webhook name', async () => {
    await store.create(webhook('a'));
    await store.create(webhook('b'));
    const first = await store.appendDelivery(
      delivery({ subject: 'event-1', statusCode: 503, nextAttemptAt: 6_000 }),
    );
    await store.appendDelivery(delivery({ deliveryId: 'd-2', subject: 'event-2' }));
    const other = await store.appendDelivery(delivery({ webhookId: 'b', subject: 'event-1' }));
    await store.appendDelivery(delivery({ deliveryId: 'd-3' }));
    const retry = await store.appendDelivery(
      delivery({ subject: 'event-1', attempt: 2, time: 6_000, statusCode: 200 }),
    );
    expect(await store.deliveriesAbout(['event-1', 'nope'])).toEqual([
      { ...first, webhookName: 'hook a' },
      { ...other, webhookName: 'hook b' },
      { ...retry, webhookName: 'hook a' },
    ]);
    expect(await store.deliveriesAbout([])).toEqual([]);
    expect((await store.latestDelivery('a', 'd-1'))?.subject).toBe('event-1');
  });

  it('lists the retries owed: last attempts that planned one, of active webhooks', async () => {
    await store.create(webhook('a'));
    await store.create(webhook('b', { status: 'DISABLED' }));
    await store.create(webhook('c'));
    // d-1 to a: retried once, and a third attempt is planned.
    await store.appendDelivery(delivery({ statusCode: 503, nextAttemptAt: 6_000 }));
    const owedA = await store.appendDelivery(
      delivery({ attempt: 2, time: 6_000, error: 'timeout', nextAttemptAt: 9_000 }),
    );
    // d-2 to a: its retry succeeded.
    await store.appendDelivery(
      delivery({ deliveryId: 'd-2', statusCode: 500, nextAttemptAt: 6_000 }),
    );
    await store.appendDelivery(delivery({ deliveryId: 'd-2', attempt: 2, statusCode: 200 }));
    // d-3 to a: the last attempt failed and planned nothing more.
    await store.appendDelivery(delivery({ deliveryId: 'd-3', statusCode: 500 }));
    // d-1 to b: owed, but b is disabled.
    await store.appendDelivery(delivery({ webhookId: 'b', statusCode: 500, nextAttemptAt: 1 }));
    // d-1 to c: the same delivery id, another webhook, due first.
    const owedC = await store.appendDelivery(
      delivery({ webhookId: 'c', statusCode: 429, nextAttemptAt: 5_500 }),
    );
    expect(await store.listOwedRetries()).toEqual([owedC, owedA]);

    await store.update('b', { status: 'ACTIVE' }, 10_000);
    expect((await store.listOwedRetries()).map((d) => d.webhookId)).toEqual(['b', 'c', 'a']);
    await store.appendDelivery(delivery({ webhookId: 'c', attempt: 2, statusCode: 200 }));
    await store.delete('a');
    expect((await store.listOwedRetries()).map((d) => d.webhookId)).toEqual(['b']);
  });

  it('deletes a webhook with its delivery log', async () => {
    await store.create(webhook('a'));
    await store.create(webhook('b'));
    await store.appendDelivery(delivery());
    await store.appendDelivery(delivery({ webhookId: 'b' }));
    expect(await store.delete('a')).toBe(true);
    expect(await store.get('a')).toBeUndefined();
    expect((await store.listDeliveries('a', { limit: 10, offset: 0 })).items).toEqual([]);
    expect((await store.listDeliveries('b', { limit: 10, offset: 0 })).items).toHaveLength(1);
    expect(await store.delete('a')).toBe(false);
  });
});
