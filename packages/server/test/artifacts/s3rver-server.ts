import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The access key pair s3rver accepts (hard-coded in s3rver). */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface RunningS3rver {
  endpoint: string;
  /** Method and URL of every request the server has received so far, in order. */
  requests(): Promise<string[]>;
  stop(): Promise<void>;
}

type ChildMessage =
  { type: 'ready'; port: number } | { type: 'request'; line: string } | { type: 'synced' };

/**
 * A real S3 wire-protocol server (s3rver) on 127.0.0.1 and an ephemeral port, storing into a fresh
 * temp directory, in a child process started with --openssl-legacy-provider (see s3rver-child.mjs).
 * s3rver needs bucket names of 3+ characters and path-style addressing.
 */
export async function startS3rver(
  buckets: string[],
  childScript = './s3rver-child.mjs',
): Promise<RunningS3rver> {
  const directory = mkdtempSync(join(tmpdir(), 'slipway-s3rver-'));
  const script = fileURLToPath(new URL(childScript, import.meta.url));
  const child = fork(script, [directory, buckets.join(',')], {
    execArgv: ['--openssl-legacy-provider'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const requests: string[] = [];
  const waiters: Array<() => void> = [];
  child.on('message', (message: ChildMessage) => {
    if (message.type === 'request') requests.push(message.line);
    if (message.type === 'synced') waiters.shift()?.();
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`s3rver exited early with code ${code}`)));
    child.once('error', reject);
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'ready') resolve(message.port);
    });
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    // The child reports each request before answering it, so after a sync round trip every request
    // that has been answered is in the list.
    requests: () =>
      new Promise<string[]>((resolve) => {
        waiters.push(() => resolve([...requests]));
        child.send('sync');
      }),
    async stop() {
      await stopChild(child);
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  // Drop the start-up listener that treats an exit as a failure before waiting for this one.
  child.removeAllListeners('exit');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.send('stop');
  await exited;
}
