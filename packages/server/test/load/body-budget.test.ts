import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyBudget } from '../../src/http/body-budget.js';
import { openBodyApp, smallInferBody } from './support/body-app.js';
import type { BodyApp } from './support/body-app.js';
import { eventually, rawRequest } from './support/body-server.js';
import type { RawClient } from './support/body-server.js';

const KiB = 1024;
const MiB = 1024 * KiB;

describe('BodyBudget', () => {
  it('reserves up to its limit and gives bytes back', () => {
    const budget = new BodyBudget(64 * KiB);
    expect(budget.reserve(0, 40 * KiB)).toBe(true);
    expect(budget.reserve(0, 30 * KiB)).toBe(false);
    expect(budget.usedBytes).toBe(40 * KiB);
    budget.release(40 * KiB);
    expect(budget.usedBytes).toBe(0);
  });

  it('keeps an eighth for bodies of at most 64 KiB', () => {
    const budget = new BodyBudget(8 * MiB);
    // Large bodies fill seven eighths...
    expect(budget.reserve(0, 7 * MiB)).toBe(true);
    expect(budget.admits(65 * KiB)).toBe(false);
    expect(budget.reserve(1 * MiB, 1)).toBe(false);
    // ...and small ones still fit in the rest, as long as they stay small.
    expect(budget.admits(64 * KiB)).toBe(true);
    expect(budget.reserve(0, 60 * KiB)).toBe(true);
    expect(budget.reserve(60 * KiB, 10 * KiB)).toBe(false);
    expect(budget.usedBytes).toBe(7 * MiB + 60 * KiB);
  });
});

describe('a server with a tiny body budget (1 MiB)', () => {
  let server: BodyApp;
  const clients: RawClient[] = [];

  beforeAll(async () => {
    server = await openBodyApp({
      maxBufferedBodyBytes: 1 * MiB,
      bodyTimeoutMs: 10 * 60_000,
      bodyLimitBytes: 16 * MiB,
    });
  });
  afterAll(async () => {
    for (const client of clients) client.socket.destroy();
    await server?.close();
  });

  // Only the head is sent: the answer must come without the body having been read.
  const headOnly = (path: string, type = 'application/json') => {
    const headers = { 'content-type': type, 'content-length': 2 * MiB };
    const client = rawRequest(server.port, { method: 'POST', path, headers }, undefined);
    clients.push(client);
    return client.reply;
  };

  it('answers 503 with Retry-After before reading a body that would exceed it', async () => {
    const reply = await headOnly('/v2/models/bc/infer');
    expect(reply?.status).toBe(503);
    expect(reply?.headers['retry-after']).toBe('1');
    expect(reply?.headers.connection).toBe('close');
    expect(JSON.parse(reply?.body ?? '{}')).toEqual({
      error: 'The server is holding as many request bodies as it may; retry in 1 s.',
    });
    expect(server.budget.usedBytes).toBe(0);
  });

  it('answers 503 in the error shape of every surface that buffers a body', async () => {
    const [scoring, native, mlflow, yaml] = await Promise.all([
      headOnly('/invocations?deployment=bc'),
      headOnly('/api/v1/experiments'),
      headOnly('/api/2.0/mlflow/experiments/create'),
      headOnly('/api/v1/deployments', 'application/yaml'),
    ]);
    for (const reply of [scoring, native, mlflow, yaml]) {
      expect(reply?.status).toBe(503);
      expect(reply?.headers['retry-after']).toBe('1');
    }
    expect(JSON.parse(scoring?.body ?? '{}')).toMatchObject({
      error_code: 'TEMPORARILY_UNAVAILABLE',
    });
    expect(JSON.parse(native?.body ?? '{}')).toMatchObject({ error: { code: 'UNAVAILABLE' } });
    expect(JSON.parse(mlflow?.body ?? '{}')).toMatchObject({
      error_code: 'TEMPORARILY_UNAVAILABLE',
    });
    expect(JSON.parse(yaml?.body ?? '{}')).toMatchObject({ error: { code: 'UNAVAILABLE' } });
  });

  it('refuses a chunked body part-way once it fills the budget, and serves small requests meanwhile', async () => {
    // A chunked body declares no length: it is counted as it arrives, and stalls holding 768 KiB.
    const holder = rawRequest(
      server.port,
      {
        method: 'POST',
        path: '/v2/models/bc/infer',
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      },
      chunk(768 * KiB),
    );
    clients.push(holder);
    await eventually(() => (server.budget.usedBytes === 768 * KiB ? true : undefined));

    // A second large body would pass seven eighths of the budget: refused part-way.
    const second = rawRequest(
      server.port,
      {
        method: 'POST',
        path: '/v2/models/bc/infer',
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      },
      chunk(256 * KiB),
    );
    clients.push(second);
    const refused = await second.reply;
    expect(refused?.status).toBe(503);
    expect(refused?.headers['retry-after']).toBe('1');

    // A small request fits in the eighth kept for small bodies.
    const small = await fetch(`${server.base}/v2/models/bc/infer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: smallInferBody(),
    });
    expect(small.status).toBe(200);
    expect(holder.status).toBeUndefined();
    expect(server.budget.usedBytes).toBe(768 * KiB);

    holder.socket.destroy();
    await eventually(() => (server.budget.usedBytes === 0 ? true : undefined));
    expect(server.logs.filter((line) => line.level >= 50)).toEqual([]);
  });
});

/** One HTTP/1.1 chunk of `size` spaces (valid JSON whitespace), not the final one. */
function chunk(size: number): Buffer {
  return Buffer.concat([
    Buffer.from(`${size.toString(16)}\r\n`),
    Buffer.alloc(size, 0x20),
    Buffer.from('\r\n'),
  ]);
}
