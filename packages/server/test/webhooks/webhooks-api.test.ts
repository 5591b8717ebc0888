import { describe, expect, it } from 'vitest';
import { nativeRoutes as r } from '@slipway/core';
import { mlflowCall } from '../access/access-fixtures.js';
import { call } from '../native/native-harness.js';
import { BOB, useWebhookHarness } from './webhook-harness.js';

const t = useWebhookHarness();

describe("MLflow's webhooks API", () => {
  it('creates, gets, lists, updates and deletes with MLflow JSON, never returning the secret', async () => {
    const created = await mlflowCall(t.h, 'POST', '/webhooks', {
      name: 'ci',
      description: 'tells CI',
      url: 'https://ci.example.com/hook',
      secret: 'abc',
      events: [
        { entity: 'MODEL_VERSION', action: 'CREATED' },
        { entity: 'MODEL_VERSION_ALIAS', action: 'DELETED' },
      ],
    });
    expect(created.status).toBe(200);
    const hook = created.json.webhook;
    expect(hook).toEqual({
      webhook_id: expect.any(String) as string,
      name: 'ci',
      description: 'tells CI',
      url: 'https://ci.example.com/hook',
      events: [
        { entity: 'MODEL_VERSION', action: 'CREATED' },
        { entity: 'MODEL_VERSION_ALIAS', action: 'DELETED' },
      ],
      status: 'ACTIVE',
      creation_timestamp: expect.any(Number) as number,
      last_updated_timestamp: expect.any(Number) as number,
    });
    const id: string = hook.webhook_id;

    expect((await mlflowCall(t.h, 'GET', `/webhooks/${id}`)).json).toEqual({ webhook: hook });
    const ajax = await t.h.app.inject({
      method: 'GET',
      url: `/ajax-api/2.0/mlflow/webhooks/${id}`,
      headers: t.h.defaultHeaders,
    });
    expect(JSON.parse(ajax.body)).toEqual({ webhook: hook });
    expect((await mlflowCall(t.h, 'GET', '/webhooks')).json).toEqual({ webhooks: [hook] });

    const updated = await mlflowCall(t.h, 'PATCH', `/webhooks/${id}`, {
      status: 'DISABLED',
      events: [{ entity: 'REGISTERED_MODEL', action: 'CREATED' }],
    });
    expect(updated.status).toBe(200);
    expect(updated.json.webhook).toMatchObject({
      name: 'ci',
      status: 'DISABLED',
      events: [{ entity: 'REGISTERED_MODEL', action: 'CREATED' }],
    });
    expect(updated.json.webhook).not.toHaveProperty('secret');

    expect(await mlflowCall(t.h, 'DELETE', `/webhooks/${id}`)).toEqual({ status: 200, json: {} });
    const gone = await mlflowCall(t.h, 'GET', `/webhooks/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.json.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(gone.json.message).toBe(`Webhook with ID ${id} not found.`);
  });

  it('pages the list with max_results and page_token', async () => {
    for (const name of ['a', 'b', 'c']) {
      await mlflowCall(t.h, 'POST', '/webhooks', {
        name,
        url: 'https://example.com/x',
        events: [{ entity: 'MODEL_VERSION', action: 'CREATED' }],
      });
    }
    const first = await mlflowCall(t.h, 'GET', '/webhooks', { max_results: 2 });
    expect(first.json.webhooks.map((w: { name: string }) => w.name)).toEqual(['a', 'b']);
    const second = await mlflowCall(t.h, 'GET', '/webhooks', {
      max_results: 2,
      page_token: first.json.next_page_token,
    });
    expect(second.json.webhooks.map((w: { name: string }) => w.name)).toEqual(['c']);
    expect(second.json.next_page_token).toBeUndefined();
  });

  it.each([
    [{ url: 'ftp://example.com/x' }, "Invalid webhook URL scheme 'ftp'"],
    [{ url: 'http://169.254.169.254/latest/meta-data' }, 'link-local or metadata'],
    [{ url: 'http://metadata.google.internal/' }, 'cloud metadata service'],
    [{ events: [{ entity: 'MODEL_VERSION', action: 'SET' }] }, "Invalid action 'set'"],
    [{ events: [] }, "Missing value for required parameter 'events'"],
    [{ name: '  ' }, 'Webhook name cannot be empty'],
  ])('refuses %j with INVALID_PARAMETER_VALUE', async (override, message) => {
    const res = await mlflowCall(t.h, 'POST', '/webhooks', {
      name: 'bad',
      url: 'https://example.com/x',
      events: [{ entity: 'MODEL_VERSION', action: 'CREATED' }],
      ...override,
    });
    expect(res.status).toBe(400);
    expect(res.json.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect(res.json.message).toContain(message);
  });

  it('refuses every webhook operation to non-admins with 403 PERMISSION_DENIED', async () => {
    const { webhook_id: id } = await t.createWebhook('https://example.com/x', [
      ['MODEL_VERSION', 'CREATED'],
    ]);
    const attempts = [
      mlflowCall(
        t.h,
        'POST',
        '/webhooks',
        {
          name: 'x',
          url: 'https://e.com',
          events: [{ entity: 'MODEL_VERSION', action: 'CREATED' }],
        },
        BOB,
      ),
      mlflowCall(t.h, 'GET', '/webhooks', {}, BOB),
      mlflowCall(t.h, 'GET', `/webhooks/${id}`, undefined, BOB),
      mlflowCall(t.h, 'PATCH', `/webhooks/${id}`, { name: 'mine' }, BOB),
      mlflowCall(t.h, 'DELETE', `/webhooks/${id}`, undefined, BOB),
      mlflowCall(t.h, 'POST', `/webhooks/${id}/test`, {}, BOB),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(403);
      expect(res.json.error_code).toBe('PERMISSION_DENIED');
      expect(res.json.message).toContain('only admins can manage webhooks');
    }
    const native = await call(t.h, r.listWebhookDeliveries, {
      params: { webhookId: id },
      headers: { authorization: BOB },
    });
    expect(native.status).toBe(403);
    expect((await mlflowCall(t.h, 'GET', `/webhooks/${id}`)).json.webhook.name).toBe('ci');
  });

  it('tests a webhook: the example payload, signed, and the receiver answer', async () => {
    const rx = await t.receiver();
    const { webhook_id: id } = await t.createWebhook(rx.url, [['MODEL_VERSION_TAG', 'SET']]);
    const res = await mlflowCall(t.h, 'POST', `/webhooks/${id}/test`, {});
    expect(res.json).toEqual({
      result: { success: true, response_status: 200, response_body: 'ok' },
    });
    const [got] = await rx.waitFor(1);
    expect(got?.verified).toBe(true);
    expect(JSON.parse(got?.body ?? '')).toMatchObject({
      entity: 'model_version_tag',
      action: 'set',
      data: { name: 'example_model', version: '1', key: 'example_key', value: 'example_value' },
    });

    const other = await mlflowCall(t.h, 'POST', `/webhooks/${id}/test`, {
      event: { entity: 'REGISTERED_MODEL', action: 'CREATED' },
    });
    expect(other.json.result.success).toBe(true);
    expect(JSON.parse((await rx.waitFor(2))[1]?.body ?? '').entity).toBe('registered_model');
  });

  it('reports a receiver that cannot be reached as a failed test', async () => {
    const rx = await t.receiver();
    const url = rx.url;
    await rx.close();
    const { webhook_id: id } = await t.createWebhook(url, [['MODEL_VERSION', 'CREATED']]);
    const res = await mlflowCall(t.h, 'POST', `/webhooks/${id}/test`, {});
    expect(res.json.result.success).toBe(false);
    expect(res.json.result.error_message).toMatch(/^Failed to test webhook: .*ECONNREFUSED/u);
  });
});
