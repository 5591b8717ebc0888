import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBodyApp } from './support/body-app.js';
import type { BodyApp } from './support/body-app.js';
import { eventually, rawRequest } from './support/body-server.js';

const KiB = 1024;
const MiB = 1024 * KiB;

describe('clients that disconnect', () => {
  let server: BodyApp;
  /** The server's side of each connection, by the client's port. */
  const accepted = new Map<number, Socket>();

  beforeAll(async () => {
    server = await openBodyApp({
      maxBufferedBodyBytes: 64 * MiB,
      bodyTimeoutMs: 60_000,
      bodyLimitBytes: 16 * MiB,
    });
    server.app.server.on('connection', (socket: Socket) => {
      if (socket.remotePort !== undefined) accepted.set(socket.remotePort, socket);
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  /** The clients' ports of the raw connections (fetch keeps its own alive). */
  const rawPorts: number[] = [];
  /** The server has closed its side of every raw connection. */
  const allClosed = () =>
    eventually(() =>
      rawPorts.every((port) => accepted.get(port)?.destroyed === true) ? true : undefined,
    );

  /**
   * Sends a head and part of the body, waits until the server has taken all of it off the socket
   * (a body nobody reads stops at the stream's buffer), then disconnects.
   */
  async function abortMidBody(method: string, path: string, type: string): Promise<void> {
    const headers = { 'content-type': type, 'content-length': MiB };
    const part = Buffer.alloc(64 * KiB, 0x20);
    const client = rawRequest(server.port, { method, path, headers }, part);
    await eventually(() => (client.socket.localPort === undefined ? undefined : true));
    rawPorts.push(client.socket.localPort ?? -1);
    await eventually(() => {
      const socket = accepted.get(client.socket.localPort ?? -1);
      return socket !== undefined && socket.bytesRead > part.length ? true : undefined;
    });
    client.socket.destroy();
    await client.reply;
  }

  it('mid-body: no surface logs an error, and the budget gets its bytes back', async () => {
    const before = server.logs.length;
    const json = 'application/json';
    const bytes = 'application/octet-stream';
    await abortMidBody('POST', '/v2/models/bc/infer', json);
    await abortMidBody('POST', '/invocations?deployment=bc', json);
    await abortMidBody('POST', '/api/v1/experiments', json);
    await abortMidBody('POST', '/api/2.0/mlflow/experiments/create', json);
    await abortMidBody('PUT', `/api/v1/models/bc/uploads/${randomUUID()}/part.bin`, bytes);
    await abortMidBody('PUT', '/api/2.0/mlflow-artifacts/artifacts/0/part.bin', bytes);
    await allClosed();
    await eventually(() => (server.budget.usedBytes === 0 ? true : undefined));
    // A request after the aborts: their handlers have all run by the time it is answered.
    expect((await fetch(`${server.base}/health`)).status).toBe(200);
    expect(server.logs.slice(before).filter((line) => line.level >= 50)).toEqual([]);
  });

  it('mid-response: a download the client abandons logs no error', async () => {
    const before = server.logs.length;
    const put = await fetch(`${server.base}/api/2.0/mlflow-artifacts/artifacts/0/big.bin`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array(16 * MiB),
    });
    expect(put.status).toBe(200);
    for (let i = 0; i < 5; i += 1) {
      const client = rawRequest(
        server.port,
        { method: 'GET', path: '/api/2.0/mlflow-artifacts/artifacts/0/big.bin', headers: {} },
        undefined,
      );
      await eventually(() => client.status);
      rawPorts.push(client.socket.localPort ?? -1);
      expect(client.status).toBe(200);
      client.socket.destroy();
      await client.reply;
    }
    await allClosed();
    expect((await fetch(`${server.base}/health`)).status).toBe(200);
    expect(server.logs.slice(before).filter((line) => line.level >= 50)).toEqual([]);
  });
});
