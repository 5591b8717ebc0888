import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunningS3rver } from './s3rver-server.js';

type ChildMessage =
  { type: 'ready'; port: number } | { type: 'request'; line: string } | { type: 'synced' };

/**
 * startS3rver (s3rver-server.ts), with AbortMultipartUpload and NoSuchUpload answered as S3 does
 * (see s3rver-uploads-child.mjs): what the proxied multipart upload needs beyond s3rver 3.7.1.
 */
export async function startS3rverWithUploads(buckets: string[]): Promise<RunningS3rver> {
  const directory = mkdtempSync(join(tmpdir(), 'slipway-s3rver-mpu-'));
  const script = fileURLToPath(new URL('./s3rver-uploads-child.mjs', import.meta.url));
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
    requests: () =>
      new Promise<string[]>((resolve) => {
        waiters.push(() => resolve([...requests]));
        child.send('sync');
      }),
    async stop() {
      if (child.exitCode === null) {
        child.removeAllListeners('exit');
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.send('stop');
        await exited;
      }
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
