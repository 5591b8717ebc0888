import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlipwayClient, SlipwayError } from '@slipway/sdk';
import { recordingFetch, startTestServer } from './test-server.js';
import type { TestServer } from './test-server.js';

const SECRET = 'sdk-receiver-secret';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * MLflow's documented receiver check: HMAC-SHA256 of "{delivery id}.{timestamp}.{body}" with
 * the secret, base64, after `v1,`; compared in constant time.
 */
function verifyMlflowSignature(r: Received, secret: string): boolean {
  const signature = String(r.headers['x-mlflow-signature'] ?? '');
  if (!signature.startsWith('v1,')) return false;
  const id = String(r.headers['x-mlflow-delivery-id']);
  const timestamp = String(r.headers['x-mlflow-timestamp']);
  const expected = createHmac('sha256', secret)
    .update(`${id}.${timestamp}.${r.body}`)
    .digest('base64');
  const given = Buffer.from(signature.slice(3));
  const want = Buffer.from(expected);
  return given.length === want.length && timingSafeEqual(given, want);
}

/** A receiver on 127.0.0.1 answering `status` with `reply`, keeping what it got. */
async function openReceiver(status = 200, reply = 'thanks') {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = status;
      res.end(reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let server: TestServer;
let client: SlipwayClient;
let ok: Awaited<ReturnType<typeof openReceiver>>;
let failing: Awaited<ReturnType<typeof openReceiver>>;
beforeAll(async () => {
  server = await startTestServer();
  client = new SlipwayClient({ baseUrl: server.url });
  ok = await openReceiver();
  failing = await openReceiver(503, 'down for maintenance');
});
afterAll(async () => {
  await ok.close();
  await failing.close();
  await server.close();
});

async function caught(promise: Promise<unknown>): Promise<SlipwayError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(SlipwayError);
    return err as SlipwayError;
  }
  throw new Error('expected a rejection');
}

describe('client.webhooks', () => {
  it('creates, lists, updates, tests (signed), logs and deletes a webhook', async () => {
    const created = await client.webhooks.create({
      name: 'ci',
      url: failing.url,
      events: ['model_version.created', { entity: 'MODEL_VERSION_ALIAS', action: 'CREATED' }],
      description: 'tells CI',
      secret: SECRET,
    });
    expect(created).toEqual({
      id: expect.any(String) as string,
      name: 'ci',
      url: failing.url,
      events: ['model_version.created', 'model_version_alias.created'],
      description: 'tells CI',
      status: 'ACTIVE',
      createdAt: expect.any(Number) as number,
      updatedAt: created.createdAt,
    });
    expect(created).not.toHaveProperty('secret');
    expect(await client.webhooks.get(created.id)).toEqual(created);
    expect(await client.webhooks.list()).toEqual([created]);

    // The receiver fails: a result, not an error, with what it answered.
    const failed = await client.webhooks.test(created.id);
    expect(failed).toEqual({
      success: false,
      responseStatus: 503,
      responseBody: 'down for maintenance',
    });

    const updated = await client.webhooks.update(created.id, {
      url: ok.url,
      events: ['model_version.created', 'model_version_tag.set'],
      description: '',
    });
    expect(updated).toMatchObject({
      id: created.id,
      name: 'ci',
      url: ok.url,
      events: ['model_version.created', 'model_version_tag.set'],
      status: 'ACTIVE',
    });
    expect(updated).not.toHaveProperty('description');

    const passed = await client.webhooks.test(created.id, { event: 'model_version_tag.set' });
    expect(passed).toEqual({ success: true, responseStatus: 200, responseBody: 'thanks' });
    expect(ok.received).toHaveLength(1);
    const [delivery] = ok.received;
    expect(verifyMlflowSignature(delivery!, SECRET)).toBe(true);
    expect(verifyMlflowSignature(delivery!, 'another secret')).toBe(false);
    expect(JSON.parse(delivery!.body)).toMatchObject({
      entity: 'model_version_tag',
      action: 'set',
      data: { name: 'example_model', version: '1', key: 'example_key', value: 'example_value' },
    });

    // Without a secret, deliveries go unsigned.
    await client.webhooks.update(created.id, { secret: '', status: 'DISABLED' });
    expect((await client.webhooks.get(created.id)).status).toBe('DISABLED');
    await client.webhooks.test(created.id);
    expect(ok.received[1]?.headers).not.toHaveProperty('x-mlflow-signature');

    const log = await client.webhooks.deliveries(created.id);
    expect(log.deliveries.map((d) => [d.event, d.attempt, d.statusCode])).toEqual([
      ['model_version.created', 1, 200],
      ['model_version_tag.set', 1, 200],
      ['model_version.created', 1, 503],
    ]);
    expect(log.deliveries[1]?.deliveryId).toBe(delivery?.headers['x-mlflow-delivery-id']);
    expect(log.deliveries[1]?.payload).toBe(delivery?.body);
    expect(log.nextPageToken).toBeUndefined();
    const first = await client.webhooks.deliveries(created.id, { maxResults: 2 });
    expect(first.deliveries).toEqual(log.deliveries.slice(0, 2));
    const rest = await client.webhooks.deliveries(created.id, {
      maxResults: 2,
      pageToken: first.nextPageToken,
    });
    expect(rest.deliveries).toEqual(log.deliveries.slice(2));

    await client.webhooks.delete(created.id);
    expect(await client.webhooks.list()).toEqual([]);
    const gone = await caught(client.webhooks.get(created.id));
    expect(gone.code).toBe('NOT_FOUND');
    expect(gone.message).toBe(`Webhook with ID ${created.id} not found.`);
    expect((await caught(client.webhooks.deliveries(created.id))).code).toBe('NOT_FOUND');
  });

  it('speaks MLflow wire JSON: upper-case enums and snake_case fields', async () => {
    const { fetch, requests } = recordingFetch();
    const recorded = new SlipwayClient({ baseUrl: server.url, fetch });
    const hook = await recorded.webhooks.create({
      name: 'wire',
      url: ok.url,
      events: ['registered_model.created'],
      status: 'DISABLED',
    });
    await recorded.webhooks.test(hook.id, { event: 'registered_model.created' });
    await recorded.webhooks.delete(hook.id);
    expect(requests.map((r) => [r.method, new URL(r.url).pathname])).toEqual([
      ['POST', '/api/2.0/mlflow/webhooks'],
      ['POST', `/api/2.0/mlflow/webhooks/${hook.id}/test`],
      ['DELETE', `/api/2.0/mlflow/webhooks/${hook.id}`],
    ]);
    expect(JSON.parse(String(requests[0]?.body))).toEqual({
      name: 'wire',
      url: ok.url,
      events: [{ entity: 'REGISTERED_MODEL', action: 'CREATED' }],
      status: 'DISABLED',
    });
    expect(JSON.parse(String(requests[1]?.body))).toEqual({
      event: { entity: 'REGISTERED_MODEL', action: 'CREATED' },
    });
  });

  it("surfaces bad input as SlipwayError with the server's message", async () => {
    const create = (events: string[], url = ok.url) =>
      caught(client.webhooks.create({ name: 'bad', url, events }));

    const badAction = await create(['model_version.updated']);
    expect(badAction.code).toBe('INVALID_ARGUMENT');
    expect(badAction.message).toBe(
      "Invalid action 'updated' for entity 'model_version'. Valid actions are: ['created']",
    );
    const badEntity = await create(['experiment.created']);
    expect(badEntity.code).toBe('INVALID_ARGUMENT');
    expect(badEntity.message).toContain("'events[0].entity'");
    expect(badEntity.message).toContain('EXPERIMENT');

    const scheme = await create(['model_version.created'], 'ftp://example.com/hook');
    expect(scheme.code).toBe('INVALID_ARGUMENT');
    expect(scheme.message).toBe("Invalid webhook URL scheme 'ftp': use http or https.");
    const metadata = await create(['model_version.created'], 'http://169.254.169.254/latest');
    expect(metadata.message).toBe(
      "Invalid webhook URL 'http://169.254.169.254/latest': 169.254.169.254 is a link-local or metadata address.",
    );

    // Not entity.action at all: refused before any request.
    const malformed = await create(['model_version']);
    expect(malformed.code).toBe('INVALID_ARGUMENT');
    expect(malformed.message).toContain("'model_version'");

    expect(await client.webhooks.list()).toEqual([]);
    const missing = await caught(client.webhooks.update('nope', { name: 'x' }));
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toBe('Webhook with ID nope not found.');
  });
});
