import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { httpWebhookSender } from './webhook-sender.js';

let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A local server whose handler is `handle`; resolves to its port. */
async function listen(handle: Parameters<typeof createServer>[1]): Promise<number> {
  server = createServer(handle);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('httpWebhookSender', () => {
  it('POSTs the body with the headers and returns the status and body', async () => {
    let seen: { method?: string; headers?: Record<string, unknown>; body?: string } = {};
    const port = await listen((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        seen = { method: req.method, headers: req.headers, body };
        res.statusCode = 418;
        res.end('teapot');
      });
    });
    const send = httpWebhookSender({ allowPrivateNetworks: true });
    const res = await send(`http://localhost:${port}/x`, { 'x-a': 'b' }, '{"ü":1}', 1_000);
    expect(res).toEqual({ status: 418, body: 'teapot' });
    expect(seen.method).toBe('POST');
    expect(seen.headers?.['x-a']).toBe('b');
    expect(seen.headers?.['content-length']).toBe(String(Buffer.byteLength('{"ü":1}')));
    expect(seen.body).toBe('{"ü":1}');
  });

  it('gives up on a receiver that does not answer in time', async () => {
    const port = await listen(() => undefined);
    const send = httpWebhookSender({ allowPrivateNetworks: true });
    const started = Date.now();
    await expect(send(`http://127.0.0.1:${port}/`, {}, '{}', 100)).rejects.toThrow(
      'No answer within 100 ms.',
    );
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('refuses a name that resolves to a loopback address when private networks are not allowed', async () => {
    let called = false;
    const port = await listen((_req, res) => {
      called = true;
      res.end();
    });
    const send = httpWebhookSender({ allowPrivateNetworks: false });
    await expect(send(`http://localhost:${port}/`, {}, '{}', 1_000)).rejects.toThrow(
      /Refused webhook address: .* loopback or private/u,
    );
    expect(called).toBe(false);
  });

  it('does not follow redirects', async () => {
    const port = await listen((_req, res) => {
      res.statusCode = 302;
      res.setHeader('location', 'http://169.254.169.254/');
      res.end();
    });
    const send = httpWebhookSender({ allowPrivateNetworks: true });
    expect((await send(`http://127.0.0.1:${port}/`, {}, '{}', 1_000)).status).toBe(302);
  });
});
