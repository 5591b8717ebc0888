import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { S3RVER_CREDENTIALS, startS3rver } from './s3rver-server.js';
import type { RunningS3rver } from './s3rver-server.js';
import { spawnListening } from '../support/spawn-listening.js';
import { generatedStream } from './stream-helpers.js';

/**
 * "Large artifacts stream both ways through the proxy": a 200 MiB file goes up and comes back
 * through MLflow's artifact proxy of a server in its own process, on local files and on S3
 * (s3rver), while that process's resident memory (/proc/<pid>/status) stays far below the file's
 * size. Bytes are compared by SHA-256, computed on the test's side.
 */

const MiB = 1024 * 1024;
const SIZE = 200 * MiB;
/** Resident memory the server may gain while moving the file (the file is twice that). */
const MAX_GROWTH = 100 * MiB;
const CHILD = fileURLToPath(new URL('./proxy-server-child.ts', import.meta.url));
const BUCKET = 'slipway-large';

interface Server {
  url: string;
  child: ChildProcess;
}

function spawnServer(flags: Record<string, unknown>): Promise<Server> {
  return spawnListening(CHILD, [JSON.stringify(flags)], 60_000);
}

async function stopServer(server: Server | undefined): Promise<void> {
  const child = server?.child;
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

/** VmRSS and VmHWM (peak resident memory) of a process, in bytes. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'mu').exec(status)?.[1]);
  return { rss: kb('VmRSS') * 1024, peak: kb('VmHWM') * 1024 };
}

/**
 * Watches a process's resident memory from now on: the kernel's peak counter is reset (writing 5
 * to clear_refs), so VmHWM catches spikes between samples; samples every 20 ms are the fallback
 * where the reset is not allowed.
 */
function watchMemory(pid: number): { stop(): { baseline: number; peak: number } } {
  const baseline = memoryOf(pid).rss;
  let hwmReset = true;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    hwmReset = false;
  }
  let sampled = baseline;
  const timer = setInterval(() => {
    sampled = Math.max(sampled, memoryOf(pid).rss);
  }, 20);
  return {
    stop() {
      clearInterval(timer);
      const now = memoryOf(pid);
      const peak = Math.max(sampled, now.rss, hwmReset ? now.peak : 0);
      return { baseline, peak };
    },
  };
}

async function json<T>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return JSON.parse(text) as T;
}

/** A run's artifact directory, as a path below the proxy. */
async function runDirectory(url: string): Promise<string> {
  const { experiment_id: experimentId } = await json<{ experiment_id: string }>(
    `${url}/api/2.0/mlflow/experiments/create`,
    { name: 'large-artifacts' },
  );
  const { run } = await json<{ run: { info: { artifact_uri: string } } }>(
    `${url}/api/2.0/mlflow/runs/create`,
    { experiment_id: experimentId },
  );
  return run.info.artifact_uri.replace(/^mlflow-artifacts:\/+/u, '');
}

async function upload(url: string, body: Readable): Promise<void> {
  const response = await fetch(url, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream' },
    body: Readable.toWeb(body) as ReadableStream<Uint8Array>,
    duplex: 'half',
  } as RequestInit);
  expect(response.status, await response.text()).toBe(200);
}

async function downloadSha256(url: string): Promise<{ hex: string; bytes: number }> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  const hash = createHash('sha256');
  let bytes = 0;
  const body = response.body as unknown as WebReadableStream<Uint8Array>;
  for await (const chunk of Readable.fromWeb(body)) {
    hash.update(chunk as Uint8Array);
    bytes += (chunk as Uint8Array).length;
  }
  return { hex: hash.digest('hex'), bytes };
}

describe.each(['file', 's3'] as const)(
  'a 200 MiB artifact through the MLflow proxy (%s store)',
  (kind) => {
    let dir: string | undefined;
    let s3: RunningS3rver | undefined;
    let server: Server | undefined;

    afterEach(async () => {
      await stopServer(server);
      await s3?.stop();
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    });

    it(
      'streams up and down while the server stays far below the file in memory',
      { timeout: 300_000 },
      async () => {
        dir = await mkdtemp(join(tmpdir(), `slipway-large-${kind}-`));
        const flags: Record<string, unknown> = { dataDir: join(dir, 'data') };
        if (kind === 's3') {
          s3 = await startS3rver([BUCKET]);
          Object.assign(flags, {
            artifactsUri: `s3://${BUCKET}/artifacts`,
            s3EndpointUrl: s3.endpoint,
            s3Region: 'us-east-1',
            s3AccessKeyId: S3RVER_CREDENTIALS.accessKeyId,
            s3SecretAccessKey: S3RVER_CREDENTIALS.secretAccessKey,
            s3ForcePathStyle: true,
          });
        }
        server = await spawnServer(flags);
        const pid = server.child.pid as number;
        const runDir = await runDirectory(server.url);
        const proxy = (name: string) =>
          `${server?.url}/api/2.0/mlflow-artifacts/artifacts/${runDir}/${name}`;

        // A round trip of a few parts first, so code loaded on first use counts in the baseline.
        const warmUp = generatedStream(12 * MiB);
        await upload(proxy('warm-up.bin'), warmUp.stream);
        expect((await downloadSha256(proxy('warm-up.bin'))).hex).toBe(warmUp.sha256());

        const up = watchMemory(pid);
        const big = generatedStream(SIZE);
        await upload(proxy('big.bin'), big.stream);
        const afterUpload = up.stop();

        const down = watchMemory(pid);
        const got = await downloadSha256(proxy('big.bin'));
        const afterDownload = down.stop();

        const mib = (bytes: number) => Math.round((bytes / MiB) * 10) / 10;
        // The figures, for the record (BENCHMARKS-style notes quote them).
        console.info(
          `[${kind}] server RSS: upload ${mib(afterUpload.baseline)} -> peak ${mib(afterUpload.peak)} MiB, ` +
            `download ${mib(afterDownload.baseline)} -> peak ${mib(afterDownload.peak)} MiB`,
        );
        expect(got.bytes).toBe(SIZE);
        expect(got.hex).toBe(big.sha256());
        expect(afterUpload.peak - afterUpload.baseline).toBeLessThan(MAX_GROWTH);
        expect(afterDownload.peak - afterDownload.baseline).toBeLessThan(MAX_GROWTH);
      },
    );
  },
);
