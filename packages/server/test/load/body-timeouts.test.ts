import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBodyApp, smallInferBody } from './support/body-app.js';
import type { BodyApp } from './support/body-app.js';
import { eventually, rawRequest } from './support/body-server.js';
import type { RawClient } from './support/body-server.js';

const KiB = 1024;
const TIMEOUT_MS = 1_500;
const STALLED = 100;

const json = (length: number) => ({ 'content-type': 'application/json', 'content-length': length });
const bytes = (length: number) => ({
  'content-type': 'application/octet-stream',
  'content-length': length,
});

describe('body timeouts', () => {
  let server: BodyApp;
  const clients: RawClient[] = [];

  beforeAll(async () => {
    server = await openBodyApp({
      maxBufferedBodyBytes: 256 * 1024 * KiB,
      bodyTimeoutMs: TIMEOUT_MS,
      bodyLimitBytes: 16 * 1024 * KiB,
    });
  });
  afterAll(async () => {
    for (const client of clients) client.socket.destroy();
    await server?.close();
  });

  const stall = (method: string, path: string, headers: Record<string, string | number>) => {
    const client = rawRequest(server.port, { method, path, headers }, Buffer.alloc(8 * KiB, 0x20));
    clients.push(client);
    return client;
  };

  it(
    'answers 408 to 100 stalled inference bodies and a dribbling one, closing their connections',
    { timeout: 120_000 },
    async () => {
      const stalled = Array.from({ length: STALLED }, () =>
        stall('POST', '/v2/models/bc/infer', json(1024 * KiB)),
      );
      // One byte at a time, never idle for long: a total deadline still ends it.
      const dribbler = stall('POST', '/v2/models/bc/infer', json(1024 * KiB));
      const drip = setInterval(() => {
        if (!dribbler.closed) dribbler.socket.write(' ');
      }, 100);
      try {
        // Others are served while they wait.
        const small = await fetch(`${server.base}/v2/models/bc/infer`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: smallInferBody(),
        });
        expect(small.status).toBe(200);
        expect((await fetch(`${server.base}/health`)).status).toBe(200);

        const replies = await Promise.all([...stalled, dribbler].map((client) => client.reply));
        for (const reply of replies) {
          expect(reply?.status).toBe(408);
          expect(reply?.headers.connection).toBe('close');
          expect(JSON.parse(reply?.body ?? '{}')).toEqual({
            error: `The request body did not arrive within ${TIMEOUT_MS} ms.`,
          });
        }
      } finally {
        clearInterval(drip);
      }
      expect(server.budget.usedBytes).toBe(0);
    },
  );

  it('answers 408 in the error shape of each surface that buffers a body', async () => {
    const surfaces = [
      stall('POST', '/invocations?deployment=bc', json(64 * KiB)),
      stall('POST', '/api/v1/experiments', json(64 * KiB)),
      stall('POST', '/api/2.0/mlflow/experiments/create', json(64 * KiB)),
    ];
    const [scoring, native, mlflow] = await Promise.all(surfaces.map((client) => client.reply));
    for (const reply of [scoring, native, mlflow]) {
      expect(reply?.status).toBe(408);
      expect(reply?.headers.connection).toBe('close');
    }
    expect(JSON.parse(scoring?.body ?? '{}')).toMatchObject({ error_code: 'BAD_REQUEST' });
    expect(JSON.parse(native?.body ?? '{}')).toMatchObject({
      error: { message: `The request body did not arrive within ${TIMEOUT_MS} ms.` },
    });
    expect(JSON.parse(mlflow?.body ?? '{}')).toMatchObject({ error_code: 'BAD_REQUEST' });
    expect(server.budget.usedBytes).toBe(0);
  });

  it('answers 408 to streamed uploads that stop sending', async () => {
    const native = stall('PUT', `/api/v1/models/bc/uploads/${randomUUID()}/big.bin`, bytes(1e9));
    const mlflow = stall('PUT', '/api/2.0/mlflow-artifacts/artifacts/0/stalled.bin', bytes(1e9));
    const [nativeReply, mlflowReply] = await Promise.all([native.reply, mlflow.reply]);
    expect(nativeReply?.status).toBe(408);
    expect(JSON.parse(nativeReply?.body ?? '{}')).toMatchObject({
      error: { message: `The upload sent nothing for ${TIMEOUT_MS} ms.` },
    });
    expect(mlflowReply?.status).toBe(408);
    expect(JSON.parse(mlflowReply?.body ?? '{}')).toMatchObject({
      error_code: 'BAD_REQUEST',
      message: `The upload sent nothing for ${TIMEOUT_MS} ms.`,
    });
  });

  it(
    'lets an upload that keeps sending take longer than the timeout',
    { timeout: 60_000 },
    async () => {
      // 24 pieces a tenth of the timeout apart: the whole upload takes well over the timeout, but
      // the client is never idle for long, so it is a slow link, not a stalled client.
      const pieces = 24;
      const piece = Buffer.alloc(256 * KiB, 0x61);
      const path = `/api/v1/models/bc/uploads/${randomUUID()}/slow.bin`;
      const client = rawRequest(
        server.port,
        { method: 'PUT', path, headers: bytes(pieces * piece.length) },
        undefined,
      );
      clients.push(client);
      let sent = 0;
      await eventually(async () => {
        if (client.closed || sent === pieces) return true;
        client.socket.write(piece);
        sent += 1;
        await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS / 10));
        return undefined;
      });
      expect(sent).toBe(pieces);
      const status = await eventually(() => client.status);
      expect(status).toBe(204);
    },
  );

  it('logged no errors', async () => {
    await eventually(() => (server.budget.usedBytes === 0 ? true : undefined));
    expect(server.logs.filter((line) => line.level >= 50)).toEqual([]);
  });
});
