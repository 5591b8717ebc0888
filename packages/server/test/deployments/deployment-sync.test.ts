import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadServerConfig } from '../../src/config/config.js';
import { SqlDeploymentStore } from '../../src/storage/sql/deployment-store.js';
import { SQL_BACKENDS } from '../support/sql-backends.js';
import {
  constantAnswers,
  constantPredictor,
  eventually,
  featureAnswers,
  featurePredictor,
  goldenAnswers,
  goldenBreastCancer,
  openDeploymentHarness,
  servedBy,
  wrongAnswer,
} from './support/deployment-harness.js';
import type { Answers, DeploymentHarness, Golden } from './support/deployment-harness.js';

let golden: Golden;
/**
 * What every version these tests deploy answers (each differently), so a reply labelled with one
 * version but computed by another fails.
 */
let answers: Answers;

beforeAll(async () => {
  golden = await goldenBreastCancer();
  answers = {
    'bc/1': goldenAnswers(golden),
    'bc/2': featureAnswers(golden, 2),
    'brittle/1': constantAnswers(0.25),
    'brittle-2/1': constantAnswers(0.5),
  };
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Which `<model>/<version>` answers `name` on `h`, checked by the values it returns for 3 rows. */
async function servedOn(h: DeploymentHarness, name: string): Promise<string> {
  const reply = await h.infer(name, golden.inputs.slice(0, 3));
  return servedBy(reply, [0, 1, 2], answers);
}

async function view(h: DeploymentHarness, name: string) {
  const response = await h.api('GET', `/api/v1/deployments/${name}`);
  expect(response.status).toBe(200);
  return response.json.deployment;
}

async function actions(h: DeploymentHarness, name: string): Promise<string[]> {
  const page = await h.api('GET', `/api/v1/deployments/${name}/events?pageSize=100`);
  return page.json.events.map((event: { action: string }) => event.action);
}

const noChange = { refreshed: [], removed: [], failed: [] };

describe.each(SQL_BACKENDS)('servers sharing one store on $name', (backend) => {
  let dispose: () => Promise<void>;
  let artifactsDir: string;
  let uri: string;
  /** Two servers that sync only when a test says so. */
  let a: DeploymentHarness;
  let b: DeploymentHarness;

  const server = (deploymentSyncIntervalMs: number) =>
    openDeploymentHarness({
      backendStoreUri: uri,
      artifactsUri: `file:${artifactsDir}`,
      deploymentSyncIntervalMs,
    });

  beforeAll(async () => {
    const created = await backend.create();
    dispose = created.dispose;
    uri = created.uri;
    artifactsDir = await mkdtemp(join(tmpdir(), 'slipway-sync-artifacts-'));
    a = await server(0);
    b = await server(0);
    await a.registerBreastCancer('bc', true); // 1: the ONNX model, scikit-learn's probabilities
    await a.register('bc', featurePredictor(2)); // 2: 2 + first feature / 100, per row
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await dispose?.();
    await rm(artifactsDir, { recursive: true, force: true });
  });

  it('serves a deployment applied on another server once synced, with the same version', async () => {
    await a.apply({ name: 'fraud', policy: { type: 'single', model: 'models:/bc/1' } });
    // Not known on B yet: the name is no deployment and no registered model there.
    expect((await b.infer('fraud', golden.inputs.slice(0, 1))).status).toBe(404);

    expect(await b.platform.deploymentHost.sync()).toEqual({ ...noChange, refreshed: ['fraud'] });
    for (let row = 0; row < 5; row += 1) {
      const reply = await b.infer('fraud', golden.inputs.slice(row, row + 1));
      expect(servedBy(reply, [row], answers)).toBe('bc/1');
    }
    const [onA, onB] = [await view(a, 'fraud'), await view(b, 'fraud')];
    expect(onB).toMatchObject({ status: 'ready', revision: onA.revision });
    expect(onB.variants[0].resolved).toEqual({ name: 'bc', version: '1' });
  });

  it('follows promote, rollback and bandit rewards without loading anything again', async () => {
    await a.apply({
      name: 'release',
      policy: {
        type: 'canary',
        stable: 'models:/bc/1',
        candidate: 'models:/bc/2',
        steps: [50, 100],
        interval: '1h',
      },
    });
    await a.apply({
      name: 'arms',
      policy: {
        type: 'bandit',
        variants: [
          { name: 'x', model: 'models:/bc/1' },
          { name: 'y', model: 'models:/bc/2' },
        ],
      },
    });
    await b.platform.deploymentHost.sync();
    expect((await view(b, 'release')).canary).toMatchObject({ phase: 'progressing', weight: 50 });
    const acquire = vi.spyOn(b.platform.deploymentHost.runtimes, 'acquireAll');

    expect((await a.api('POST', '/api/v1/deployments/release/promote')).status).toBe(200);
    expect(await b.platform.deploymentHost.sync()).toEqual({ ...noChange, refreshed: ['release'] });
    expect((await view(b, 'release')).canary).toMatchObject({ phase: 'promoted', weight: 100 });
    for (let i = 0; i < 5; i += 1) expect(await servedOn(b, 'release')).toBe('bc/2');

    expect((await a.api('POST', '/api/v1/deployments/release/rollback')).status).toBe(200);
    await b.platform.deploymentHost.sync();
    expect((await view(b, 'release')).canary).toMatchObject({ phase: 'rolled-back', weight: 0 });
    for (let i = 0; i < 5; i += 1) expect(await servedOn(b, 'release')).toBe('bc/1');

    const pulled = await a.infer('arms', golden.inputs.slice(0, 1), { id: 'r1' });
    const pulledBy = servedBy(pulled, [0], answers);
    const fed = await a.api('POST', '/api/v1/deployments/arms/feedback', {
      requestId: 'r1',
      reward: 1,
    });
    expect(fed.status).toBe(200);
    expect(fed.json.variant).toBe(pulledBy === 'bc/1' ? 'x' : 'y');
    expect(await b.platform.deploymentHost.sync()).toEqual({ ...noChange, refreshed: ['arms'] });
    const arm = (await view(b, 'arms')).bandit.arms.find(
      (candidate: { id: string }) => candidate.id === fed.json.variant,
    );
    expect(arm).toMatchObject({ pulls: 1 });

    // Only the runtime state changed each time: the loaded runtimes carried over.
    expect(acquire).not.toHaveBeenCalled();
  });

  it('loads a new version while the old one serves, dropping no request', async () => {
    await a.apply({ name: 'swap', policy: { type: 'single', model: 'models:/bc/1' } });
    await b.platform.deploymentHost.sync();
    let stop = false;
    const failures: string[] = [];
    const seen = new Set<string>();
    const callers = Array.from({ length: 8 }, async (_, caller) => {
      for (let i = 0; !stop; i += 1) {
        const row = (caller * 37 + i) % golden.inputs.length;
        try {
          const reply = await b.infer('swap', golden.inputs.slice(row, row + 1));
          const wrong = wrongAnswer(reply, [row], answers);
          if (wrong !== undefined) failures.push(`row ${row}: ${wrong}`);
          else seen.add(`${reply.body.model_name}/${reply.body.model_version}`);
        } catch (err) {
          failures.push(String(err));
        }
      }
    });
    try {
      await eventually(async () => (seen.has('bc/1') ? true : undefined), 10_000, 'v1 answers');
      await a.apply({ name: 'swap', policy: { type: 'single', model: 'models:/bc/2' } });
      expect(await b.platform.deploymentHost.sync()).toEqual({ ...noChange, refreshed: ['swap'] });
      await eventually(async () => (seen.has('bc/2') ? true : undefined), 10_000, 'v2 answers');
    } finally {
      stop = true;
      await Promise.all(callers);
    }
    expect(failures).toEqual([]);
    expect(await servedOn(b, 'swap')).toBe('bc/2');
    expect((await view(b, 'swap')).revision).toBe((await view(a, 'swap')).revision);
  });

  it('stops serving a deployment deleted on another server', async () => {
    await a.apply({ name: 'doomed', policy: { type: 'single', model: 'models:/bc/1' } });
    await b.platform.deploymentHost.sync();
    expect(await servedOn(b, 'doomed')).toBe('bc/1');
    expect((await a.api('DELETE', '/api/v1/deployments/doomed')).status).toBe(204);
    expect(await b.platform.deploymentHost.sync()).toEqual({ ...noChange, removed: ['doomed'] });
    expect((await b.infer('doomed', golden.inputs.slice(0, 1))).status).toBe(404);
    expect((await b.api('GET', '/api/v1/deployments/doomed')).status).toBe(404);
  });

  it('never drops a deployment applied here after the list it syncs from was read', async () => {
    const { listRevisions } = SqlDeploymentStore.prototype;
    vi.spyOn(SqlDeploymentStore.prototype, 'listRevisions').mockImplementationOnce(async function (
      this: SqlDeploymentStore,
    ) {
      const stale = await listRevisions.call(this);
      await b.apply({ name: 'late', policy: { type: 'single', model: 'models:/bc/1' } });
      return stale;
    });
    expect(await b.platform.deploymentHost.sync()).toEqual(noChange);
    expect(await servedOn(b, 'late')).toBe('bc/1');
  });

  it('tells a deployment deleted and created again from the one it held', async () => {
    await a.apply({ name: 'phoenix', policy: { type: 'single', model: 'models:/bc/1' } });
    await b.platform.deploymentHost.sync();
    expect((await a.api('DELETE', '/api/v1/deployments/phoenix')).status).toBe(204);
    await a.apply({ name: 'phoenix', policy: { type: 'single', model: 'models:/bc/2' } });
    expect((await view(a, 'phoenix')).revision).toBe(1);
    expect(await b.platform.deploymentHost.sync()).toEqual({ ...noChange, refreshed: ['phoenix'] });
    expect(await servedOn(b, 'phoenix')).toBe('bc/2');
  });

  it('loads nothing and swaps nothing when nothing changed', async () => {
    await a.apply({ name: 'steady', policy: { type: 'single', model: 'models:/bc/2' } });
    await b.platform.deploymentHost.sync();
    const service = b.platform.deploymentHost;
    const generations = new Map(service.entryList().map((entry) => [entry.name, entry.live]));
    expect(generations.size).toBeGreaterThan(0);
    const acquireAll = vi.spyOn(service.runtimes, 'acquireAll');
    const acquire = vi.spyOn(service.runtimes.shared, 'acquire');

    expect(await service.sync()).toEqual(noChange);
    expect(await service.sync()).toEqual(noChange);
    expect(acquireAll).not.toHaveBeenCalled();
    expect(acquire).not.toHaveBeenCalled();
    for (const entry of service.entryList()) expect(entry.live).toBe(generations.get(entry.name));
  });

  it('keeps an unloaded deployment unloaded until its revision changes', async () => {
    await a.apply({
      name: 'parked',
      policy: { type: 'blue-green', active: 'models:/bc/1', preview: 'models:/bc/2' },
    });
    await b.platform.deploymentHost.sync();
    expect((await b.api('POST', '/v2/repository/models/parked/unload')).status).toBe(200);
    expect(await b.platform.deploymentHost.sync()).toEqual(noChange);
    expect(b.platform.deploymentHost.entry('parked')?.status).toBe('unloaded');
    expect((await b.infer('parked', golden.inputs.slice(0, 1))).status).toBe(503);

    expect((await a.api('POST', '/api/v1/deployments/parked/promote')).status).toBe(200);
    expect(await b.platform.deploymentHost.sync()).toEqual({ ...noChange, refreshed: ['parked'] });
    expect(await servedOn(b, 'parked')).toBe('bc/2');
  });

  it('reports a deployment it cannot load and still syncs the others', async () => {
    await a.register('brittle', constantPredictor(0.25));
    await a.apply({ name: 'fragile', policy: { type: 'single', model: 'models:/brittle/1' } });
    expect(await servedOn(a, 'fragile')).toBe('brittle/1');
    // A has the files cached; the artifact store loses them, so B cannot load the version.
    await rm(join(artifactsDir, 'models', 'brittle'), { recursive: true, force: true });
    await a.apply({ name: 'sturdy-1', policy: { type: 'single', model: 'models:/bc/1' } });
    await a.apply({ name: 'sturdy-2', policy: { type: 'single', model: 'models:/bc/2' } });
    b.logs.length = 0;

    expect(await b.platform.deploymentHost.sync()).toEqual({
      refreshed: ['sturdy-1', 'sturdy-2'],
      removed: [],
      failed: ['fragile'],
    });
    expect(b.logs.map((line) => [line['level'], line['module'], line['msg']])).toEqual([
      [50, 'serving', "deployment 'fragile' failed to sync"],
    ]);
    expect(String(b.logs[0]?.['reason'])).toContain('brittle');
    expect(await servedOn(b, 'sturdy-1')).toBe('bc/1');
    expect(await servedOn(b, 'sturdy-2')).toBe('bc/2');
    const fragile = await view(b, 'fragile');
    expect(fragile).toMatchObject({ status: 'failed', revision: 1 });
    expect(fragile.statusMessage).toContain('brittle');
    expect((await b.infer('fragile', golden.inputs.slice(0, 1))).status).toBe(503);

    // Not retried on every pass; a new revision is tried again.
    expect(await b.platform.deploymentHost.sync()).toEqual(noChange);
    await a.apply({ name: 'fragile', policy: { type: 'single', model: 'models:/bc/1' } });
    expect(await b.platform.deploymentHost.sync()).toEqual({ ...noChange, refreshed: ['fragile'] });
    expect(await servedOn(b, 'fragile')).toBe('bc/1');
  });

  it('keeps serving what it has when newer versions cannot load here, and retries each pass', async () => {
    await a.apply({ name: 'keeper', policy: { type: 'single', model: 'models:/bc/1' } });
    expect(await b.platform.deploymentHost.sync()).toEqual({ ...noChange, refreshed: ['keeper'] });
    expect(await servedOn(b, 'keeper')).toBe('bc/1');
    await a.register('brittle-2', constantPredictor(0.5));
    await a.apply({ name: 'keeper', policy: { type: 'single', model: 'models:/brittle-2/1' } });
    expect(await servedOn(a, 'keeper')).toBe('brittle-2/1');
    await rm(join(artifactsDir, 'models', 'brittle-2'), { recursive: true, force: true });
    b.logs.length = 0;

    expect(await b.platform.deploymentHost.sync()).toEqual({ ...noChange, failed: ['keeper'] });
    expect(await servedOn(b, 'keeper')).toBe('bc/1');
    const kept = await view(b, 'keeper');
    expect(kept).toMatchObject({ status: 'ready', revision: 1 });
    expect(kept.statusMessage).toMatch(/^serving revision 1; revision 2 cannot be loaded here: /u);
    // Tried again on the next pass, still serving meanwhile.
    expect(await b.platform.deploymentHost.sync()).toEqual({ ...noChange, failed: ['keeper'] });
    expect(b.logs.map((line) => line['msg'])).toEqual([
      "deployment 'keeper' failed to sync",
      "deployment 'keeper' failed to sync",
    ]);

    await a.apply({ name: 'keeper', policy: { type: 'single', model: 'models:/bc/2' } });
    expect(await b.platform.deploymentHost.sync()).toEqual({ ...noChange, refreshed: ['keeper'] });
    expect(await servedOn(b, 'keeper')).toBe('bc/2');
    expect((await view(b, 'keeper')).statusMessage).toBeUndefined();
  });

  it('converges through the timer, and judges each canary step once across servers', async () => {
    const c = await server(25);
    const d = await server(25);
    try {
      await c.apply({ name: 'timed', policy: { type: 'single', model: 'models:/bc/1' } });
      await eventually(
        async () => (await d.infer('timed', golden.inputs.slice(0, 1))).status === 200 || undefined,
        20_000,
        'the deployment to reach the other server',
      );
      expect(await servedOn(d, 'timed')).toBe('bc/1');
      await c.apply({ name: 'timed', policy: { type: 'single', model: 'models:/bc/2' } });
      await eventually(
        async () => (await servedOn(d, 'timed')) === 'bc/2' || undefined,
        20_000,
        'the new version to reach the other server',
      );
      expect((await c.api('DELETE', '/api/v1/deployments/timed')).status).toBe(204);
      await eventually(
        async () => (await d.infer('timed', golden.inputs.slice(0, 1))).status === 404 || undefined,
        20_000,
        'the deletion to reach the other server',
      );

      // Both servers get traffic, so both judge every step when it is due; one verdict wins.
      await c.apply({
        name: 'raced',
        policy: {
          type: 'canary',
          stable: 'models:/bc/1',
          candidate: 'models:/bc/2',
          steps: [20, 60, 100],
          interval: 300,
          analysis: { maxErrorRate: 0.5, minRequests: 3 },
        },
      });
      await eventually(
        async () => (await d.infer('raced', golden.inputs.slice(0, 1))).status === 200 || undefined,
        20_000,
        'the canary to reach the other server',
      );
      let stop = false;
      const failures: string[] = [];
      const seen = new Set<string>();
      const callers = [c, d, c, d].map(async (h, caller) => {
        for (let i = 0; !stop; i += 1) {
          const row = (caller * 53 + i) % golden.inputs.length;
          const reply = await h.infer('raced', golden.inputs.slice(row, row + 1));
          const wrong = wrongAnswer(reply, [row], answers);
          if (wrong !== undefined) failures.push(`row ${row}: ${wrong}`);
          else seen.add(`${reply.body.model_name}/${reply.body.model_version}`);
        }
      });
      try {
        for (const h of [c, d]) {
          await eventually(
            async () => {
              const state = h.platform.deploymentHost.entry('raced')?.live?.state;
              return state?.type === 'canary' && state.canary.phase === 'promoted'
                ? true
                : undefined;
            },
            30_000,
            'the canary to be promoted on both servers',
          );
        }
      } finally {
        stop = true;
        await Promise.all(callers);
      }
      expect(failures).toEqual([]);
      expect(seen).toEqual(new Set(['bc/1', 'bc/2']));
      expect(await actions(c, 'raced')).toEqual(['created', 'advanced', 'advanced', 'promoted']);
      expect((await view(d, 'raced')).revision).toBe((await view(c, 'raced')).revision);
      for (const h of [c, d]) expect(await servedOn(h, 'raced')).toBe('bc/2');
      // Losing a race for a step is how several servers work, not an error.
      expect([...c.logs, ...d.logs].filter((line) => Number(line['level']) >= 50)).toEqual([]);
    } finally {
      await c.close();
      await d.close();
    }
  });
});

describe('--deployment-sync-interval', () => {
  it('defaults to 2 s, is read from the environment, and refuses a bad value clearly', () => {
    expect(loadServerConfig({}, {}).deploymentSyncIntervalMs).toBe(2_000);
    const env = { SLIPWAY_DEPLOYMENT_SYNC_INTERVAL_MS: '500' };
    expect(loadServerConfig({}, env).deploymentSyncIntervalMs).toBe(500);
    expect(loadServerConfig({ deploymentSyncIntervalMs: '0' }, env).deploymentSyncIntervalMs).toBe(
      0,
    );
    expect(() => loadServerConfig({ deploymentSyncIntervalMs: '-5' }, {})).toThrow(
      /deploymentSyncIntervalMs: must be 0 \(off\) or a positive number of milliseconds/u,
    );
    expect(() => loadServerConfig({ deploymentSyncIntervalMs: 'soon' }, {})).toThrow(
      /deploymentSyncIntervalMs: must be a number of milliseconds/u,
    );
  });
});
