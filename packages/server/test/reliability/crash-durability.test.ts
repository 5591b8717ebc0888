import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SQL_BACKENDS } from '../support/sql-backends.js';
import { spawnServer, waitForExit } from './child-server.js';
import {
  ArtifactWriter,
  RegistryWriter,
  RunWriter,
  Session,
  VersionWriter,
  isConnectionLoss,
} from './crash-workload.js';
import { createRun } from './mlflow-client.js';

const RUN_WRITERS = 8;
const REGISTRY_WRITERS = 2;
const VERSION_WRITERS = 2;
const ARTIFACT_WRITERS = 2;
/** Acknowledged writes every writer must have before the kill, so each is mid-stream when it comes. */
const MIN_ACKS = 5;

/** A loopback server answering every connection with `onConnection`; returns its URL. */
async function rawServer(
  onConnection: (socket: Socket) => void,
): Promise<{ url: string; server: Server }> {
  const server = createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, server };
}

describe('isConnectionLoss', () => {
  it('takes refused and reset connections as the kill, and nothing else', async () => {
    const closed = await rawServer(() => undefined);
    await new Promise<void>((resolve) => closed.server.close(() => resolve()));
    // Nobody listens any more: what fetch throws once the server is gone.
    expect(isConnectionLoss(await fetch(closed.url).catch((err: unknown) => err))).toBe(true);

    // The server dies with the request in flight.
    const dying = await rawServer((socket) => socket.once('data', () => socket.destroy()));
    try {
      const err = await fetch(dying.url, { method: 'POST', body: 'x' }).catch((e: unknown) => e);
      expect(isConnectionLoss(err)).toBe(true);
    } finally {
      dying.server.close();
    }

    // A reply that is not HTTP is the server misbehaving, not the kill.
    const garbage = await rawServer((socket) =>
      socket.once('data', () => socket.end('this is not HTTP\r\n\r\n')),
    );
    try {
      const err = await fetch(garbage.url).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect(isConnectionLoss(err)).toBe(false);
    } finally {
      garbage.server.close();
    }
    expect(isConnectionLoss(new Error('socket hang up'))).toBe(true);
    expect(isConnectionLoss(new Error('500 Internal Server Error'))).toBe(false);
    expect(isConnectionLoss(new SyntaxError('Unexpected token < in JSON'))).toBe(false);
  });
});

describe.each(SQL_BACKENDS)('kill -9 during heavy writing on $name', (backend) => {
  it('loses no acknowledged write: metrics, params, tags, registry writes, versions, artifacts', async () => {
    const created = await backend.create();
    await created.database.close();
    const dir = mkdtempSync(join(tmpdir(), 'slipway-crash-'));
    try {
      const first = await spawnServer(created.uri, dir);
      const s = new Session(first.url);
      const setup = async (method: string, path: string, body: Record<string, unknown>) => {
        const reply = await s.mlflow('setup', method, path, body);
        expect(reply, s.failures.join('\n')).toBeDefined();
        return JSON.parse(reply?.text ?? '{}') as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      };

      const runIds = await Promise.all(
        Array.from({ length: RUN_WRITERS + 1 }, () => createRun(first.url)),
      );
      const runs = runIds.slice(0, RUN_WRITERS).map((id, w) => new RunWriter(`run ${w}`, id));
      // Model files and blobs go to one more run of the default experiment.
      const filesRun = runIds[RUN_WRITERS] as string;
      const root = `0/${filesRun}/artifacts`;

      const registries: RegistryWriter[] = [];
      for (let r = 0; r < REGISTRY_WRITERS; r++) {
        const name = `crash-registry-${r}`;
        await setup('POST', 'registered-models/create', { name });
        const setupFiles = new ArtifactWriter('setup', root);
        expect(await setupFiles.upload(s, `${root}/setup/${name}/model.bin`, randomBytes(64))).toBe(
          true,
        );
        const versions: string[] = [];
        for (let v = 0; v < 2; v++) {
          const made = await setup('POST', 'model-versions/create', {
            name,
            source: `mlflow-artifacts:/${root}/setup/${name}`,
            run_id: filesRun,
          });
          versions.push(String(made.model_version.version));
        }
        registries.push(new RegistryWriter(name, versions));
      }
      const versionWriters: VersionWriter[] = [];
      for (let v = 0; v < VERSION_WRITERS; v++) {
        const name = `crash-versions-${v}`;
        await setup('POST', 'registered-models/create', { name });
        versionWriters.push(new VersionWriter(name, filesRun, root));
      }
      const artifacts = Array.from(
        { length: ARTIFACT_WRITERS },
        (_, a) => new ArtifactWriter(`blobs ${a}`, root),
      );
      expect(s.failures).toEqual([]);

      const writers = [...runs, ...registries, ...versionWriters, ...artifacts];
      const writing = writers.map((writer) => writer.run(s));
      // Build up load until every writer is well under way, then kill the server without warning.
      const names = [
        ...runs.map((r) => r.name),
        ...registries.map((r) => `registry ${r.model}`),
        ...versionWriters.map((v) => `versions ${v.model}`),
        ...artifacts.map((a) => a.name),
      ];
      const deadline = Date.now() + 60_000;
      while (
        names.some((name) => (s.acks.get(name) ?? 0) < MIN_ACKS) &&
        s.failures.length === 0 &&
        Date.now() < deadline
      ) {
        await new Promise((r) => setTimeout(r, 20));
      }
      s.killed = true;
      first.child.kill('SIGKILL');
      await Promise.all(writing);
      await waitForExit(first.child);

      // Any non-2xx, or a connection lost before the kill, is a failure, not the kill.
      expect(s.failures).toEqual([]);
      for (const name of names)
        expect(s.acks.get(name) ?? 0, name).toBeGreaterThanOrEqual(MIN_ACKS);

      const second = await spawnServer(created.uri, dir);
      try {
        const after = new Session(second.url);
        const problems: string[] = [];
        for (const writer of writers) await writer.verify(after, problems);
        expect(problems).toEqual([]);
      } finally {
        second.child.kill('SIGTERM');
        await waitForExit(second.child);
      }
    } finally {
      await created.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});
