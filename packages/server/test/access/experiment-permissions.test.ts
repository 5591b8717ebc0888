import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeRoutes as r } from '@slipway/core';
import type { Permission } from '@slipway/core';
import { as, call } from '../native/native-harness.js';
import type { NativeHarness } from '../native/native-harness.js';
import { postgresBackend } from '../support/sql-backends.js';
import {
  allPages,
  basic,
  expectDenied,
  mlflowCall,
  openAccessHarness,
  passwordOf,
} from './access-fixtures.js';

const ALICE = { headers: as('alice') };
const BOB = { headers: as('bob') };

/** Bob's experiment with one run of his that has a metric and an artifact. */
async function bobsExperiment(h: NativeHarness, name: string) {
  const created = await call(h, r.createExperiment, { body: { name }, ...BOB });
  expect(created.status).toBe(201);
  const experimentId: string = created.json.experiment.experimentId;
  const run = await call(h, r.createRun, { body: { experimentId }, ...BOB });
  expect(run.status).toBe(201);
  const runId: string = run.json.run.info.runId;
  await call(h, r.logBatch, {
    params: { runId },
    body: { metrics: [{ key: 'loss', value: 0.5, timestamp: 1, step: 0 }] },
    ...BOB,
  });
  const up = await call(h, r.uploadRunArtifact, {
    params: { runId, path: 'model/weights.bin' },
    payload: 'bob-bytes',
    ...BOB,
  });
  expect(up.status).toBe(204);
  return { experimentId, runId };
}

async function grant(
  h: NativeHarness,
  experimentId: string,
  username: string,
  permission: Permission,
  by: { headers?: Record<string, string> } = BOB,
) {
  const res = await call(h, r.setExperimentPermission, {
    params: { experimentId, username },
    body: { permission },
    ...by,
  });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  expect(res.json.permission).toMatchObject({
    resourceType: 'experiment',
    resourceId: experimentId,
    username,
    permission,
  });
}

function names(experiments: { name: string }[]): string[] {
  return experiments.map((e) => e.name);
}

describe('experiment permissions (native API, SQLite)', () => {
  let h: NativeHarness;
  beforeAll(async () => {
    h = await openAccessHarness({ users: ['bob', 'alice', 'carol'] });
  });
  afterAll(async () => h?.close());

  it('gives the creator MANAGE, which lists him among its permissions', async () => {
    const { experimentId } = await bobsExperiment(h, 'creator-manage');
    const listed = await call(h, r.listExperimentPermissions, { params: { experimentId }, ...BOB });
    expect(listed.status).toBe(200);
    expect(listed.json.permissions).toEqual([
      expect.objectContaining({
        resourceType: 'experiment',
        resourceId: experimentId,
        username: 'bob',
        permission: 'MANAGE',
      }),
    ]);
    const mine = await call(h, r.listUserPermissions, { params: { username: 'bob' }, ...BOB });
    expect(mine.json).toMatchObject({ defaultPermission: 'READ' });
    expect(mine.json.permissions).toContainEqual(
      expect.objectContaining({ resourceId: experimentId, permission: 'MANAGE' }),
    );
    // The run's user is the caller, whoever the body names.
    const run = await call(h, r.createRun, {
      body: { experimentId, userId: 'mallory' },
      ...BOB,
    });
    expect(run.json.run.info.userId).toBe('bob');
    expectDenied(
      await call(h, r.listExperimentPermissions, { params: { experimentId }, ...ALICE }),
      'MANAGE',
      'READ',
    );
  });

  it('lets the default READ read an experiment and its runs, and change nothing', async () => {
    const { experimentId, runId } = await bobsExperiment(h, 'read-only');
    const id = { params: { experimentId } };

    expect((await call(h, r.getExperiment, { ...id, ...ALICE })).json.experiment.name).toBe(
      'read-only',
    );
    expect(
      (await call(h, r.getExperimentByName, { query: { name: 'read-only' }, ...ALICE })).status,
    ).toBe(200);
    expect((await call(h, r.getRun, { params: { runId }, ...ALICE })).json.run.info.runId).toBe(
      runId,
    );
    const found = await call(h, r.searchRuns, {
      body: { experimentIds: [experimentId] },
      ...ALICE,
    });
    expect(found.json.runs.map((run: { info: { runId: string } }) => run.info.runId)).toEqual([
      runId,
    ]);
    const history = await call(h, r.getMetricHistory, {
      params: { runId, key: 'loss' },
      ...ALICE,
    });
    expect(history.json.metrics).toHaveLength(1);
    const listed = await call(h, r.listRunArtifacts, {
      params: { runId },
      query: { path: 'model' },
      ...ALICE,
    });
    expect(listed.json.files).toEqual([{ path: 'model/weights.bin', isDir: false, fileSize: 9 }]);
    const file = await call(h, r.downloadRunArtifact, {
      params: { runId, path: 'model/weights.bin' },
      ...ALICE,
    });
    expect(file.raw.toString('utf8')).toBe('bob-bytes');

    expectDenied(
      await call(h, r.renameExperiment, { ...id, body: { name: 'hijacked' }, ...ALICE }),
      'EDIT',
      'READ',
    );
    expectDenied(
      await call(h, r.setExperimentTag, {
        params: { experimentId, key: 'team' },
        body: { value: 'alice' },
        ...ALICE,
      }),
      'EDIT',
    );
    expectDenied(await call(h, r.createRun, { body: { experimentId }, ...ALICE }), 'EDIT');
    expectDenied(
      await call(h, r.logBatch, {
        params: { runId },
        body: { metrics: [{ key: 'loss', value: 9, timestamp: 2, step: 1 }] },
        ...ALICE,
      }),
      'EDIT',
    );
    expectDenied(
      await call(h, r.logParam, { params: { runId, key: 'lr' }, body: { value: '1' }, ...ALICE }),
      'EDIT',
    );
    expectDenied(
      await call(h, r.setRunTag, { params: { runId, key: 'k' }, body: { value: 'v' }, ...ALICE }),
      'EDIT',
    );
    expectDenied(
      await call(h, r.updateRun, { params: { runId }, body: { status: 'FAILED' }, ...ALICE }),
      'EDIT',
    );
    expectDenied(
      await call(h, r.uploadRunArtifact, {
        params: { runId, path: 'model/weights.bin' },
        payload: 'alice-bytes',
        ...ALICE,
      }),
      'EDIT',
    );
    expectDenied(await call(h, r.deleteExperiment, { ...id, ...ALICE }), 'MANAGE', 'READ');
    expectDenied(await call(h, r.restoreExperiment, { ...id, ...ALICE }), 'MANAGE');
    expectDenied(await call(h, r.deleteRun, { params: { runId }, ...ALICE }), 'MANAGE');

    // Nothing she tried happened.
    const after = await call(h, r.getExperiment, id);
    expect(after.json.experiment).toMatchObject({ name: 'read-only', lifecycleStage: 'active' });
    expect(after.json.experiment.tags).toEqual([]);
    const run = await call(h, r.getRun, { params: { runId } });
    expect(run.json.run.info).toMatchObject({ status: 'RUNNING', lifecycleStage: 'active' });
    expect(run.json.run.data.metrics).toEqual([
      expect.objectContaining({ key: 'loss', value: 0.5 }),
    ]);
    expect(run.json.run.data.params).toEqual([]);
    const file2 = await call(h, r.downloadRunArtifact, {
      params: { runId, path: 'model/weights.bin' },
    });
    expect(file2.raw.toString('utf8')).toBe('bob-bytes');
    const runs = await call(h, r.searchRuns, { body: { experimentIds: [experimentId] } });
    expect(runs.json.runs).toHaveLength(1);
  });

  it('lets EDIT run and log, but not delete, restore or manage permissions', async () => {
    const { experimentId, runId: bobsRun } = await bobsExperiment(h, 'edit-exp');
    const id = { params: { experimentId } };
    await grant(h, experimentId, 'alice', 'EDIT');

    const run = await call(h, r.createRun, { body: { experimentId }, ...ALICE });
    expect(run.status).toBe(201);
    const runId: string = run.json.run.info.runId;
    expect(run.json.run.info.userId).toBe('alice');
    expect(
      (
        await call(h, r.logBatch, {
          params: { runId },
          body: {
            metrics: [{ key: 'acc', value: 0.9, timestamp: 1, step: 0 }],
            params: [{ key: 'lr', value: '0.1' }],
          },
          ...ALICE,
        })
      ).status,
    ).toBe(204);
    const history = await call(h, r.getMetricHistory, { params: { runId, key: 'acc' }, ...ALICE });
    expect(history.json.metrics).toEqual([{ key: 'acc', value: 0.9, timestamp: 1, step: 0 }]);
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    expect(
      (
        await call(h, r.uploadRunArtifact, {
          params: { runId, path: 'out/blob.bin' },
          payload: bytes,
          ...ALICE,
        })
      ).status,
    ).toBe(204);
    const back = await call(h, r.downloadRunArtifact, {
      params: { runId, path: 'out/blob.bin' },
      ...ALICE,
    });
    expect(Buffer.compare(back.raw, bytes)).toBe(0);
    const renamed = await call(h, r.renameExperiment, {
      ...id,
      body: { name: 'edit-exp-renamed' },
      ...ALICE,
    });
    expect(renamed.json.experiment.name).toBe('edit-exp-renamed');
    expect(
      (
        await call(h, r.setExperimentTag, {
          params: { experimentId, key: 'owner' },
          body: { value: 'alice' },
          ...ALICE,
        })
      ).status,
    ).toBe(204);

    expectDenied(await call(h, r.deleteExperiment, { ...id, ...ALICE }), 'MANAGE', 'EDIT');
    expectDenied(await call(h, r.restoreExperiment, { ...id, ...ALICE }), 'MANAGE', 'EDIT');
    // Runs inherit from their experiment: not even her own run.
    expectDenied(await call(h, r.deleteRun, { params: { runId }, ...ALICE }), 'MANAGE');
    expectDenied(await call(h, r.deleteRun, { params: { runId: bobsRun }, ...ALICE }), 'MANAGE');
    expectDenied(await call(h, r.listExperimentPermissions, { ...id, ...ALICE }), 'MANAGE');
    expectDenied(
      await call(h, r.setExperimentPermission, {
        params: { experimentId, username: 'alice' },
        body: { permission: 'MANAGE' },
        ...ALICE,
      }),
      'MANAGE',
    );
    expectDenied(
      await call(h, r.deleteExperimentPermission, {
        params: { experimentId, username: 'bob' },
        ...ALICE,
      }),
      'MANAGE',
    );
    const still = await call(h, r.listExperimentPermissions, id);
    expect(
      still.json.permissions.map((p: { username: string; permission: string }) => [
        p.username,
        p.permission,
      ]),
    ).toEqual([
      ['alice', 'EDIT'],
      ['bob', 'MANAGE'],
    ]);
    const exp = await call(h, r.getExperiment, id);
    expect(exp.json.experiment.lifecycleStage).toBe('active');
  });

  it('lets MANAGE delete, restore and grant', async () => {
    const { experimentId, runId } = await bobsExperiment(h, 'manage-exp');
    const id = { params: { experimentId } };
    await grant(h, experimentId, 'alice', 'MANAGE');

    expect((await call(h, r.deleteRun, { params: { runId }, ...ALICE })).status).toBe(204);
    expect((await call(h, r.restoreRun, { params: { runId }, ...ALICE })).status).toBe(204);
    expect((await call(h, r.deleteExperiment, { ...id, ...ALICE })).status).toBe(204);
    expect((await call(h, r.getExperiment, id)).json.experiment.lifecycleStage).toBe('deleted');
    expect((await call(h, r.restoreExperiment, { ...id, ...ALICE })).status).toBe(204);
    expect((await call(h, r.getExperiment, id)).json.experiment.lifecycleStage).toBe('active');

    const listed = await call(h, r.listExperimentPermissions, { ...id, ...ALICE });
    expect(listed.status).toBe(200);
    await grant(h, experimentId, 'carol', 'EDIT', ALICE);
    expect(
      (await call(h, r.createRun, { body: { experimentId }, headers: as('carol') })).status,
    ).toBe(201);
    expect(
      (
        await call(h, r.deleteExperimentPermission, {
          params: { experimentId, username: 'carol' },
          ...ALICE,
        })
      ).status,
    ).toBe(204);
    expectDenied(
      await call(h, r.createRun, { body: { experimentId }, headers: as('carol') }),
      'EDIT',
      'READ',
    );
  });

  it('hides an experiment from NO_PERMISSIONS until the grant is removed', async () => {
    const { experimentId, runId } = await bobsExperiment(h, 'hidden-exp');
    const id = { params: { experimentId } };
    await grant(h, experimentId, 'alice', 'NO_PERMISSIONS');

    expectDenied(await call(h, r.getExperiment, { ...id, ...ALICE }), 'READ', 'NO_PERMISSIONS');
    expectDenied(
      await call(h, r.getExperimentByName, { query: { name: 'hidden-exp' }, ...ALICE }),
      'READ',
    );
    expectDenied(await call(h, r.getRun, { params: { runId }, ...ALICE }), 'READ');
    expectDenied(
      await call(h, r.searchRuns, { body: { experimentIds: [experimentId] }, ...ALICE }),
      'READ',
    );
    expectDenied(
      await call(h, r.getMetricHistory, { params: { runId, key: 'loss' }, ...ALICE }),
      'READ',
    );
    expectDenied(await call(h, r.listRunArtifacts, { params: { runId }, ...ALICE }), 'READ');
    expectDenied(
      await call(h, r.downloadRunArtifact, {
        params: { runId, path: 'model/weights.bin' },
        ...ALICE,
      }),
      'READ',
    );
    expectDenied(
      await call(h, r.searchAuditEvents, {
        query: { resourceType: 'experiment', resourceId: experimentId },
        ...ALICE,
      }),
      'READ',
    );
    const search = await call(h, r.searchExperiments, {
      query: { filter: "name = 'hidden-exp'" },
      ...ALICE,
    });
    expect(search.json.experiments).toEqual([]);
    const deletedToo = await call(h, r.searchExperiments, {
      query: { viewType: 'ALL', maxResults: '1000' },
      ...ALICE,
    });
    expect(names(deletedToo.json.experiments)).not.toContain('hidden-exp');
    expect(names(deletedToo.json.experiments)).toContain('Default');

    const removed = await call(h, r.deleteExperimentPermission, {
      params: { experimentId, username: 'alice' },
      ...BOB,
    });
    expect(removed.status).toBe(204);
    // The default (READ) applies again, at once.
    expect((await call(h, r.getExperiment, { ...id, ...ALICE })).status).toBe(200);
    expect((await call(h, r.getRun, { params: { runId }, ...ALICE })).status).toBe(200);
    const again = await call(h, r.searchExperiments, {
      query: { filter: "name = 'hidden-exp'" },
      ...ALICE,
    });
    expect(names(again.json.experiments)).toEqual(['hidden-exp']);
    expectDenied(await call(h, r.createRun, { body: { experimentId }, ...ALICE }), 'EDIT', 'READ');
    const listed = await call(h, r.listExperimentPermissions, id);
    expect(listed.json.permissions.map((p: { username: string }) => p.username)).toEqual(['bob']);
    // Removing a permission that is not there is an error, not a silent success.
    const twice = await call(h, r.deleteExperimentPermission, {
      params: { experimentId, username: 'alice' },
      ...BOB,
    });
    expect(twice.status).toBe(404);
  });

  it('hides a NO_PERMISSIONS experiment from MLflow clients too', async () => {
    const { experimentId, runId } = await bobsExperiment(h, 'hidden-mlflow');
    await grant(h, experimentId, 'alice', 'NO_PERMISSIONS');
    const alice = basic('alice', passwordOf('alice'));
    const search = await mlflowCall(
      h,
      'POST',
      '/experiments/search',
      { filter: "name = 'hidden-mlflow'", max_results: 10 },
      alice,
    );
    expect(search.status).toBe(200);
    expect(search.json.experiments ?? []).toEqual([]);
    const byName = await mlflowCall(
      h,
      'GET',
      '/experiments/get-by-name',
      { experiment_name: 'hidden-mlflow' },
      alice,
    );
    expect(byName.status).toBe(403);
    expect(byName.json.error_code).toBe('PERMISSION_DENIED');
    const run = await mlflowCall(h, 'GET', '/runs/get', { run_id: runId }, alice);
    expect(run.status).toBe(403);
    const proxied = await h.app.inject({
      method: 'GET',
      url: `/api/2.0/mlflow-artifacts/artifacts/${experimentId}/${runId}/artifacts/model/weights.bin`,
      headers: { authorization: alice },
    });
    expect(proxied.statusCode).toBe(403);
    const written = await h.app.inject({
      method: 'PUT',
      url: `/api/2.0/mlflow-artifacts/artifacts/${experimentId}/${runId}/artifacts/model/extra.bin`,
      headers: { authorization: alice },
      payload: 'alice',
    });
    expect(written.statusCode).toBe(403);
  });

  it("cannot write into another experiment's files through an artifact location of her own", async () => {
    const { experimentId, runId } = await bobsExperiment(h, 'bob-target');
    await grant(h, experimentId, 'alice', 'NO_PERMISSIONS');
    // Alice points her own experiment's artifact root inside bob's run's model directory.
    const location = `mlflow-artifacts:/${experimentId}/${runId}/artifacts/model`;
    const created = await call(h, r.createExperiment, {
      body: { name: 'alice-squatter', artifactLocation: location },
      ...ALICE,
    });
    if (created.status === 201) {
      const mine = created.json.experiment.experimentId as string;
      const run = await call(h, r.createRun, { body: { experimentId: mine }, ...ALICE });
      if (run.status === 201) {
        await call(h, r.uploadRunArtifact, {
          params: { runId: run.json.run.info.runId, path: 'injected.py' },
          payload: 'import os',
          ...ALICE,
        });
      }
    }
    // Whatever was refused where, bob's model directory holds only bob's file.
    const listed = await call(h, r.listRunArtifacts, {
      params: { runId },
      query: { path: 'model' },
    });
    expect(listed.json.files).toEqual([{ path: 'model/weights.bin', isDir: false, fileSize: 9 }]);
  });

  it('pages searches exactly over the experiments alice may read', async () => {
    await expectExactPaging(h, 'READ');
  });

  it('lets an admin do everything without holding any permission', async () => {
    const { experimentId, runId } = await bobsExperiment(h, 'admin-exp');
    const id = { params: { experimentId } };
    // The admin is not listed: admins need no permission.
    const listed = await call(h, r.listExperimentPermissions, id);
    expect(listed.json.permissions.map((p: { username: string }) => p.username)).toEqual(['bob']);
    await grant(h, experimentId, 'admin', 'NO_PERMISSIONS', {});
    // Even an explicit NO_PERMISSIONS does not stop an admin.
    expect((await call(h, r.getExperiment, id)).status).toBe(200);
    expect(
      (await call(h, r.renameExperiment, { ...id, body: { name: 'admin-exp-2' } })).status,
    ).toBe(200);
    expect(
      (
        await call(h, r.setExperimentTag, {
          params: { experimentId, key: 'k' },
          body: { value: 'v' },
        })
      ).status,
    ).toBe(204);
    const run = await call(h, r.createRun, { body: { experimentId } });
    expect(run.json.run.info.userId).toBe('admin');
    expect(
      (
        await call(h, r.uploadRunArtifact, {
          params: { runId, path: 'by-admin.txt' },
          payload: 'x',
        })
      ).status,
    ).toBe(204);
    expect((await call(h, r.deleteRun, { params: { runId } })).status).toBe(204);
    await grant(h, experimentId, 'alice', 'EDIT', {});
    expect(
      (
        await call(h, r.deleteExperimentPermission, {
          params: { experimentId, username: 'bob' },
        })
      ).status,
    ).toBe(204);
    expect((await call(h, r.deleteExperiment, id)).status).toBe(204);
    expect((await call(h, r.restoreExperiment, id)).status).toBe(204);
    const search = await call(h, r.searchExperiments, {
      query: { filter: "name = 'admin-exp-2'" },
    });
    expect(names(search.json.experiments)).toEqual(['admin-exp-2']);
    // Bob, with his MANAGE removed, is back to the default.
    expectDenied(await call(h, r.deleteExperiment, { ...id, ...BOB }), 'MANAGE', 'READ');
  });
});

/**
 * Five experiments of bob's; alice is refused two of them (NO_PERMISSIONS) and holds explicit
 * grants or nothing (the default) on the rest. With `defaultPermission` NO_PERMISSIONS, those
 * she holds nothing on are hidden too. Paging two at a time must give exactly the readable ones,
 * in order, without gaps or duplicates: the filtering happens in SQL, before the page is cut.
 */
async function expectExactPaging(h: NativeHarness, defaultPermission: Permission) {
  const prefix = `page-${defaultPermission.toLowerCase()}`;
  const plan: (Permission | undefined)[] = [
    undefined,
    'NO_PERMISSIONS',
    'EDIT',
    'NO_PERMISSIONS',
    'READ',
  ];
  const expected: string[] = [];
  for (const [i, permission] of plan.entries()) {
    const name = `${prefix}-${i}`;
    const created = await call(h, r.createExperiment, { body: { name }, ...BOB });
    const experimentId: string = created.json.experiment.experimentId;
    if (permission !== undefined) await grant(h, experimentId, 'alice', permission);
    const readable = (permission ?? defaultPermission) !== 'NO_PERMISSIONS';
    if (readable) expected.push(name);
  }
  const filter = `name LIKE '${prefix}-%'`;
  const pages = await allPages(async (pageToken) => {
    const res = await call(h, r.searchExperiments, {
      query: {
        filter,
        orderBy: 'name ASC',
        maxResults: '2',
        ...(pageToken === undefined ? {} : { pageToken }),
      },
      ...ALICE,
    });
    expect(res.status).toBe(200);
    return { items: names(res.json.experiments), nextPageToken: res.json.nextPageToken };
  });
  expect(pages.flat()).toEqual(expected);
  // Every page but the last is full: hidden rows never eat a page's slots.
  for (const page of pages.slice(0, -1)) expect(page).toHaveLength(2);
  expect(pages.length).toBeLessThanOrEqual(Math.ceil(expected.length / 2) + 1);
  // Descending order pages over the same set.
  const desc = await allPages(async (pageToken) => {
    const res = await call(h, r.searchExperiments, {
      query: {
        filter,
        orderBy: 'name DESC',
        maxResults: '1',
        ...(pageToken === undefined ? {} : { pageToken }),
      },
      ...ALICE,
    });
    return { items: names(res.json.experiments), nextPageToken: res.json.nextPageToken };
  });
  expect(desc.flat()).toEqual([...expected].reverse());
  // Bob, their creator, sees all five.
  const bobs = await call(h, r.searchExperiments, {
    query: { filter, orderBy: 'name ASC' },
    ...BOB,
  });
  expect(names(bobs.json.experiments)).toEqual(plan.map((_, i) => `${prefix}-${i}`));
}

describe('experiment search filtering on PostgreSQL', () => {
  const cases: Permission[] = ['READ', 'NO_PERMISSIONS'];
  for (const defaultPermission of cases) {
    describe(`with the default permission ${defaultPermission}`, () => {
      let h: NativeHarness | undefined;
      let dispose: (() => Promise<void>) | undefined;
      beforeAll(async () => {
        const created = await postgresBackend.create();
        dispose = created.dispose;
        h = await openAccessHarness({
          users: ['bob', 'alice'],
          backendStoreUri: created.uri,
          defaultPermission,
        });
      });
      afterAll(async () => {
        await h?.close();
        // Let the platform's pool sockets finish before the database is dropped WITH (FORCE).
        await sleep(50);
        await dispose?.();
      });

      it('pages exactly over what alice may read', async () => {
        await expectExactPaging(h as NativeHarness, defaultPermission);
      });
    });
  }
});

describe('experiment search filtering on SQLite with the default NO_PERMISSIONS', () => {
  let h: NativeHarness;
  beforeAll(async () => {
    h = await openAccessHarness({ users: ['bob', 'alice'], defaultPermission: 'NO_PERMISSIONS' });
  });
  afterAll(async () => h?.close());

  it('pages exactly over what alice may read', async () => {
    await expectExactPaging(h, 'NO_PERMISSIONS');
  });

  it('still lets the creator in, and hides the Default experiment from others', async () => {
    const created = await call(h, r.createExperiment, { body: { name: 'alices-own' }, ...ALICE });
    const experimentId: string = created.json.experiment.experimentId;
    expect((await call(h, r.createRun, { body: { experimentId }, ...ALICE })).status).toBe(201);
    expectDenied(
      await call(h, r.getExperiment, { params: { experimentId }, ...BOB }),
      'READ',
      'NO_PERMISSIONS',
    );
    const all = await call(h, r.searchExperiments, { query: { maxResults: '1000' }, ...ALICE });
    expect(names(all.json.experiments)).toContain('alices-own');
    expect(names(all.json.experiments)).not.toContain('Default');
    const bobs = await call(h, r.searchExperiments, { query: { maxResults: '1000' }, ...BOB });
    expect(names(bobs.json.experiments)).not.toContain('alices-own');
  });
});
