import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nativeRoutes as r } from '@slipway/core';
import { mlflowCall } from '../access/access-fixtures.js';
import { call } from '../native/native-harness.js';
import type { Received } from './receiver.js';
import { RETRY_DELAYS_MS, SECRET, useWebhookHarness } from './webhook-harness.js';

const t = useWebhookHarness();

async function ok(method: 'POST' | 'DELETE', path: string, body: Record<string, unknown>) {
  const res = await mlflowCall(t.h, method, path, body);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json;
}

const bodyOf = (r: Received | undefined) =>
  JSON.parse(r?.body ?? 'null') as Record<string, unknown>;

async function deliveries(webhookId: string) {
  const res = await call(t.h, r.listWebhookDeliveries, { params: { webhookId } });
  expect(res.status).toBe(200);
  return res.json.deliveries as Array<Record<string, unknown>>;
}

describe('webhook deliveries', () => {
  it('sends each registry change to its subscribers, signed, with MLflow payloads', async () => {
    const rx = await t.receiver();
    await t.createWebhook(rx.url, [
      ['REGISTERED_MODEL', 'CREATED'],
      ['MODEL_VERSION', 'CREATED'],
      ['MODEL_VERSION_TAG', 'SET'],
      ['MODEL_VERSION_TAG', 'DELETED'],
      ['MODEL_VERSION_ALIAS', 'CREATED'],
      ['MODEL_VERSION_ALIAS', 'DELETED'],
    ]);
    const name = 'fraud';
    await ok('POST', '/registered-models/create', {
      name,
      description: 'catches fraud',
      tags: [{ key: 'team', value: 'risk' }],
    });
    await rx.waitFor(1);
    await ok('POST', '/model-versions/create', { name, source: 's3://bucket/fraud/1' });
    await rx.waitFor(2);
    await ok('POST', '/model-versions/set-tag', { name, version: '1', key: 'k', value: 'v' });
    await rx.waitFor(3);
    await ok('DELETE', '/model-versions/delete-tag', { name, version: '1', key: 'k' });
    await rx.waitFor(4);
    await ok('POST', '/registered-models/alias', { name, alias: 'champion', version: '1' });
    await rx.waitFor(5);
    await ok('DELETE', '/registered-models/alias', { name, alias: 'champion' });
    // Deleting an alias the model no longer has changes nothing and sends nothing.
    await ok('DELETE', '/registered-models/alias', { name, alias: 'champion' });
    const got = await rx.waitFor(6);

    expect(got.map((g) => g.verified)).toEqual([true, true, true, true, true, true]);
    expect(got.map((g) => `${String(bodyOf(g).entity)}.${String(bodyOf(g).action)}`)).toEqual([
      'registered_model.created',
      'model_version.created',
      'model_version_tag.set',
      'model_version_tag.deleted',
      'model_version_alias.created',
      'model_version_alias.deleted',
    ]);
    expect(got.map((g) => bodyOf(g).data)).toEqual([
      { name, tags: { team: 'risk' }, description: 'catches fraud' },
      {
        name,
        version: '1',
        source: 's3://bucket/fraud/1',
        run_id: null,
        tags: {},
        description: null,
      },
      { name, version: '1', key: 'k', value: 'v' },
      { name, version: '1', key: 'k' },
      { name, alias: 'champion', version: '1' },
      { name, alias: 'champion' },
    ]);
    expect(Date.parse(String(bodyOf(got[0]).timestamp))).not.toBeNaN();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(rx.received).toHaveLength(6);
  });

  it("carries Standard Webhooks' headers over the same id, timestamp and body", async () => {
    const rx = await t.receiver();
    await t.createWebhook(rx.url, [['REGISTERED_MODEL', 'CREATED']]);
    await ok('POST', '/registered-models/create', { name: 'std' });
    const [got] = await rx.waitFor(1);
    const headers = got?.headers ?? {};
    const id = String(headers['webhook-id']);
    const timestamp = String(headers['webhook-timestamp']);
    expect(id).toBe(headers['x-mlflow-delivery-id']);
    expect(timestamp).toBe(headers['x-mlflow-timestamp']);
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
    const expected = createHmac('sha256', SECRET)
      .update(`${id}.${timestamp}.${got?.body ?? ''}`)
      .digest('base64');
    expect(headers['webhook-signature']).toBe(`v1,${expected}`);
    expect(headers['content-type']).toBe('application/json');
  });

  it('does not send to disabled webhooks or for events not subscribed', async () => {
    const rx = await t.receiver();
    const { webhook_id: id } = await t.createWebhook(rx.url, [['MODEL_VERSION', 'CREATED']]);
    await ok('POST', '/registered-models/create', { name: 'quiet' });
    await mlflowCall(t.h, 'PATCH', `/webhooks/${id}`, { status: 'DISABLED' });
    await ok('POST', '/model-versions/create', { name: 'quiet', source: 's3://b/q' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(rx.received).toEqual([]);
    expect(await deliveries(id)).toEqual([]);
  });

  it('retries on 500 with backoff, keeping the delivery id, and logs every attempt', async () => {
    const rx = await t.receiver([500, 503]);
    const { webhook_id: id } = await t.createWebhook(rx.url, [['REGISTERED_MODEL', 'CREATED']]);
    const started = Date.now();
    await ok('POST', '/registered-models/create', { name: 'flaky' });
    const got = await rx.waitFor(3);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(RETRY_DELAYS_MS[0]! + RETRY_DELAYS_MS[1]! - 10);
    expect(new Set(got.map((g) => g.headers['x-mlflow-delivery-id'])).size).toBe(1);
    expect(got.map((g) => g.verified)).toEqual([true, true, true]);
    expect(new Set(got.map((g) => g.body)).size).toBe(1);

    // The log row of the last attempt is written just after the receiver answered.
    let log = await deliveries(id);
    for (let i = 0; i < 20 && log.length < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      log = await deliveries(id);
    }
    expect(log.map((d) => [d.attempt, d.statusCode])).toEqual([
      [3, 200],
      [2, 503],
      [1, 500],
    ]);
    const [third, second, first] = log;
    expect(first?.nextAttemptAt).toBe(Number(first?.time) + RETRY_DELAYS_MS[0]!);
    expect(second?.nextAttemptAt).toBe(Number(second?.time) + RETRY_DELAYS_MS[1]!);
    expect(third).not.toHaveProperty('nextAttemptAt');
    expect(new Set(log.map((d) => d.deliveryId))).toEqual(
      new Set([got[0]?.headers['x-mlflow-delivery-id']]),
    );
    expect(log.every((d) => d.event === 'registered_model.created')).toBe(true);
    expect(third?.payload).toBe(got[2]?.body);
  });

  it('gives up after the last retry, logging the failures', async () => {
    const rx = await t.receiver([500, 500, 500, 500]);
    const { webhook_id: id } = await t.createWebhook(rx.url, [['REGISTERED_MODEL', 'CREATED']]);
    await ok('POST', '/registered-models/create', { name: 'down' });
    await rx.waitFor(3);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(rx.received).toHaveLength(3);
    const log = await deliveries(id);
    expect(log.map((d) => [d.attempt, d.statusCode])).toEqual([
      [3, 500],
      [2, 500],
      [1, 500],
    ]);
    expect(log[0]).not.toHaveProperty('nextAttemptAt');
  });

  it('never fails the registry change when the receiver is unreachable', async () => {
    const rx = await t.receiver();
    const url = rx.url;
    await rx.close();
    const { webhook_id: id } = await t.createWebhook(url, [['REGISTERED_MODEL', 'CREATED']]);
    await ok('POST', '/registered-models/create', { name: 'unreachable' });
    let log = await deliveries(id);
    for (let i = 0; i < 40 && log.length < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      log = await deliveries(id);
    }
    expect(log).toHaveLength(3);
    expect(log.every((d) => String(d.error).includes('ECONNREFUSED'))).toBe(true);
    expect(log.every((d) => d.statusCode === undefined)).toBe(true);
  });

  it('answers 404 for the deliveries of an unknown webhook', async () => {
    const res = await call(t.h, r.listWebhookDeliveries, { params: { webhookId: 'nope' } });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('NOT_FOUND');
  });
});
