import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { BodyAppSettings } from './body-app.js';

const CHILD = fileURLToPath(new URL('./body-server-child.ts', import.meta.url));

export interface ServerStats {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  /** Bytes of ArrayBuffers and Buffers (allocated, whether or not their pages are touched). */
  arrayBuffers: number;
  budgetUsed: number;
  /** Log lines at error (50) or above. */
  errorLines: unknown[];
}

export interface BodyServer {
  port: number;
  base: string;
  stats(): Promise<ServerStats>;
  /** Runs the child's garbage collector (it starts with --expose-gc). */
  gc(): Promise<void>;
  close(): Promise<void>;
}

/** The real server in a child process (body-server-child.ts), with a deployment `bc` ready. */
export async function startBodyServer(settings: BodyAppSettings): Promise<BodyServer> {
  const child = fork(CHILD, [JSON.stringify(settings)], {
    execArgv: ['--expose-gc', '--conditions=slipway-source', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message: { type: string; port: number }) => resolve(message.port));
    child.once('exit', (code) => reject(new Error(`the server exited with ${String(code)}`)));
  });
  const ask = <T>(type: string): Promise<T> =>
    new Promise<T>((resolve) => {
      const listener = (message: { type: string }) => {
        if (message.type !== type) return;
        child.off('message', listener);
        resolve(message as T);
      };
      child.on('message', listener);
      child.send({ type });
    });
  return {
    port,
    base: `http://127.0.0.1:${port}`,
    stats: () => ask<ServerStats>('stats'),
    gc: async () => {
      await ask('gc');
    },
    close: () => closeChild(child),
  };
}

function closeChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.send({ type: 'close' });
  });
}

export interface RawReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A request over a raw socket that sends its headers and part of its body, then stalls. */
export interface RawClient {
  socket: Socket;
  /** The answer's status once its head has arrived. */
  status: number | undefined;
  /** The socket closed (by the server, or reset). */
  closed: boolean;
  /** Resolves when the socket closes: the answer, or undefined when none arrived. */
  reply: Promise<RawReply | undefined>;
}

export function rawRequest(
  port: number,
  head: { method: string; path: string; headers: Record<string, string | number> },
  part: Buffer | undefined,
): RawClient {
  const socket = connect({ port, host: '127.0.0.1' });
  const lines = [`${head.method} ${head.path} HTTP/1.1`, 'host: 127.0.0.1'];
  for (const [name, value] of Object.entries(head.headers)) lines.push(`${name}: ${value}`);
  socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  if (part !== undefined && part.length > 0) socket.write(part);
  const chunks: Buffer[] = [];
  const client: RawClient = {
    socket,
    status: undefined,
    closed: false,
    reply: new Promise<RawReply | undefined>((resolve) => {
      socket.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        client.status ??= statusOf(Buffer.concat(chunks).toString('latin1'));
      });
      // A reset after the answer arrived is how a server that stops reading closes.
      socket.on('error', () => undefined);
      socket.on('close', () => {
        client.closed = true;
        resolve(parseReply(Buffer.concat(chunks).toString('utf8')));
      });
    }),
  };
  return client;
}

function statusOf(text: string): number | undefined {
  const match = /^HTTP\/1\.1 (\d{3})/u.exec(text);
  return match && text.includes('\r\n') ? Number(match[1]) : undefined;
}

function parseReply(text: string): RawReply | undefined {
  const status = statusOf(text);
  if (status === undefined) return undefined;
  const end = text.indexOf('\r\n\r\n');
  const headers: Record<string, string> = {};
  for (const line of text.slice(0, end).split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status, headers, body: end === -1 ? '' : text.slice(end + 4) };
}

/** Polls `check` every 50 ms until it returns a value (the test's own timeout bounds the wait). */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
): Promise<T> {
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
