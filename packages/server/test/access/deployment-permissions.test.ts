import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Permission } from '@slipway/core';
import {
  as,
  constantPredictor,
  openDeploymentHarness,
} from '../deployments/support/deployment-harness.js';
import type { DeploymentHarness } from '../deployments/support/deployment-harness.js';
import { SYSTEM_ADMIN, passwordOf } from './access-fixtures.js';

const ALICE = as('alice');
const BOB = as('bob');
const ROW = Array.from({ length: 30 }, (_, i) => i / 30);

let h: DeploymentHarness;

/** Registers a version of `name` from files as `who` (creating the model as `who` if new). */
async function registerAs(
  who: Record<string, string>,
  name: string,
  files: { path: string; body: string }[],
): Promise<string> {
  const existing = await h.api('GET', `/api/v1/models/${name}`, undefined, who);
  if (existing.status === 404) {
    const created = await h.api('POST', '/api/v1/models', { name }, who);
    expect(created.status).toBe(201);
  }
  const uploadId = randomUUID();
  for (const file of files) {
    const response = await fetch(
      `${h.baseUrl}/api/v1/models/${name}/uploads/${uploadId}/${file.path}`,
      {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream', ...who },
        body: file.body,
      },
    );
    expect(response.status).toBe(204);
  }
  const version = await h.api(
    'POST',
    `/api/v1/models/${name}/versions`,
    { source: `mlflow-artifacts:/models/${name}/${uploadId}` },
    who,
  );
  expect(version.status, JSON.stringify(version.json)).toBe(201);
  return version.json.modelVersion.version as string;
}

async function setPermission(
  kind: 'deployments' | 'models',
  name: string,
  username: string,
  permission: Permission,
  by: Record<string, string> = BOB,
) {
  const res = await h.api(
    'PUT',
    `/api/v1/${kind}/${name}/permissions/${username}`,
    { permission },
    by,
  );
  expect(res.status, JSON.stringify(res.json)).toBe(200);
}

async function score(name: string, headers: Record<string, string>) {
  const response = await fetch(`${h.baseUrl}/api/v1/deployments/${name}/invocations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ inputs: [ROW] }),
  });
  return {
    status: response.status,
    version: response.headers.get('x-slipway-model-version'),
    json: (await response.json()) as { predictions?: unknown[]; error_code?: string },
  };
}

async function exportPredictions(name: string, headers: Record<string, string>) {
  await h.platform.predictionLogger.flush();
  const response = await fetch(`${h.baseUrl}/api/v1/deployments/${name}/predictions?format=jsonl`, {
    headers,
  });
  const text = await response.text();
  return {
    status: response.status,
    text,
    lines:
      response.status === 200
        ? text
            .split('\n')
            .filter((line) => line !== '')
            .map((line) => JSON.parse(line) as Record<string, unknown>)
        : [],
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function expectDenied(res: { status: number; json: any }, needed: Permission) {
  expect(res.status, JSON.stringify(res.json)).toBe(403);
  expect(res.json.error.code).toBe('PERMISSION_DENIED');
  expect(res.json.error.message).toContain(`needs ${needed}`);
}

function names(res: { json: { deployments: { name: string }[] } }): string[] {
  return res.json.deployments.map((d) => d.name);
}

beforeAll(async () => {
  // Authentication on with only the admin; bob, alice and carol are ordinary users.
  h = await openDeploymentHarness({ users: [] });
  for (const username of ['bob', 'alice', 'carol']) {
    await h.platform.users.create(SYSTEM_ADMIN, {
      username,
      password: passwordOf(username),
      isAdmin: false,
    });
  }
  expect(await registerAs(BOB, 'const-a', constantPredictor(0.1))).toBe('1');
  expect(await registerAs(BOB, 'const-a', constantPredictor(0.9))).toBe('2');
  expect(await registerAs(BOB, 'bob-secret', constantPredictor(0.5))).toBe('1');
  await setPermission('models', 'bob-secret', 'alice', 'NO_PERMISSIONS');
  const applied = await h.api(
    'POST',
    '/api/v1/deployments',
    {
      name: 'shared',
      policy: { type: 'blue-green', active: 'models:/const-a/1', preview: 'models:/const-a/2' },
    },
    BOB,
  );
  expect(applied.status, JSON.stringify(applied.json)).toBe(200);
  expect(applied.json).toMatchObject({ created: true, deployment: { createdBy: 'bob' } });
});

afterAll(async () => {
  await h?.close();
});

describe('deployment permissions', () => {
  it('gives the deployment creator MANAGE', async () => {
    const listed = await h.api('GET', '/api/v1/deployments/shared/permissions', undefined, BOB);
    expect(listed.status).toBe(200);
    expect(listed.json.permissions).toEqual([
      expect.objectContaining({
        resourceType: 'deployment',
        resourceId: 'shared',
        username: 'bob',
        permission: 'MANAGE',
      }),
    ]);
    expectDenied(
      await h.api('GET', '/api/v1/deployments/shared/permissions', undefined, ALICE),
      'MANAGE',
    );
  });

  it('lets READ read, list and invoke a deployment, and change nothing', async () => {
    const got = await h.api('GET', '/api/v1/deployments/shared', undefined, ALICE);
    expect(got.status).toBe(200);
    const revision: number = got.json.deployment.revision;
    expect(got.json.deployment.blueGreen).toMatchObject({ active: 'blue' });
    expect(names(await h.api('GET', '/api/v1/deployments', undefined, ALICE))).toContain('shared');
    const metadata = await fetch(`${h.baseUrl}/v2/models/shared`, { headers: ALICE });
    expect(metadata.status).toBe(200);

    const reply = await h.infer('shared', [ROW], { id: 'alice-req-1', headers: ALICE });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.version).toBe('1');
    expect(reply.body.outputs?.[0]?.data[0]).toBeCloseTo(0.1, 5);
    const scored = await score('shared', ALICE);
    expect(scored.status, JSON.stringify(scored.json)).toBe(200);
    expect(scored.version).toBe('1');
    expect(Number(scored.json.predictions?.flat(2)[0])).toBeCloseTo(0.1, 5);

    const events = await h.api('GET', '/api/v1/deployments/shared/events', undefined, ALICE);
    expect(events.status).toBe(200);
    expect(events.json.events[0]).toMatchObject({ action: 'created', actor: 'bob' });
    const exported = await exportPredictions('shared', ALICE);
    expect(exported.status, exported.text).toBe(200);
    expect(exported.lines.map((line) => line.request_id)).toContain('alice-req-1');

    const spec = {
      name: 'shared',
      policy: { type: 'blue-green', active: 'models:/const-a/2', preview: 'models:/const-a/1' },
    };
    expectDenied(
      await h.api('POST', '/api/v1/deployments/shared/promote', undefined, ALICE),
      'EDIT',
    );
    expectDenied(
      await h.api('POST', '/api/v1/deployments/shared/rollback', undefined, ALICE),
      'EDIT',
    );
    expectDenied(await h.api('POST', '/api/v1/deployments', spec, ALICE), 'EDIT');
    expectDenied(await h.api('PUT', '/api/v1/deployments/shared', spec, ALICE), 'EDIT');
    expectDenied(
      await h.api(
        'POST',
        '/api/v1/deployments/shared/feedback',
        { requestId: 'alice-req-1', reward: 1 },
        ALICE,
      ),
      'EDIT',
    );
    expectDenied(
      await h.api(
        'POST',
        '/api/v1/deployments/shared/ground-truth',
        { requestId: 'alice-req-1', label: 1 },
        ALICE,
      ),
      'EDIT',
    );
    expectDenied(await h.api('DELETE', '/api/v1/deployments/shared', undefined, ALICE), 'MANAGE');
    expectDenied(
      await h.api(
        'PUT',
        '/api/v1/deployments/shared/permissions/alice',
        { permission: 'EDIT' },
        ALICE,
      ),
      'MANAGE',
    );
    for (const action of ['unload', 'load']) {
      const res = await fetch(`${h.baseUrl}/v2/repository/models/shared/${action}`, {
        method: 'POST',
        headers: ALICE,
      });
      expect(res.status, action).toBe(403);
      expect(((await res.json()) as { error: string }).error).toContain('needs EDIT');
    }

    // Still serving version 1, at the same revision, with no label attached.
    const after = await h.api('GET', '/api/v1/deployments/shared', undefined, ALICE);
    expect(after.json.deployment).toMatchObject({ revision, status: 'ready' });
    expect(after.json.deployment.blueGreen).toMatchObject({ active: 'blue' });
    const again = await h.infer('shared', [ROW], { headers: ALICE });
    expect(again.status).toBe(200);
    expect(again.version).toBe('1');
    const labelled = await exportPredictions('shared', ALICE);
    const mine = labelled.lines.find((line) => line.request_id === 'alice-req-1');
    expect(mine).toMatchObject({ ground_truth: null });
  });

  it('lets EDIT unload, load and roll back, but not delete or grant', async () => {
    await setPermission('deployments', 'shared', 'alice', 'EDIT');
    try {
      const unload = await fetch(`${h.baseUrl}/v2/repository/models/shared/unload`, {
        method: 'POST',
        headers: ALICE,
      });
      expect(unload.status).toBe(200);
      expect((await h.infer('shared', [ROW], { headers: ALICE })).status).toBe(503);
      const load = await fetch(`${h.baseUrl}/v2/repository/models/shared/load`, {
        method: 'POST',
        headers: ALICE,
      });
      expect(load.status).toBe(200);
      expect((await h.infer('shared', [ROW], { headers: ALICE })).status).toBe(200);
      const promoted = await h.api('POST', '/api/v1/deployments/shared/promote', undefined, ALICE);
      expect(promoted.status, JSON.stringify(promoted.json)).toBe(200);
      expect(promoted.json.deployment.recentEvents[0]).toMatchObject({ actor: 'alice' });
      expect((await h.infer('shared', [ROW], { headers: ALICE })).version).toBe('2');
      const rolled = await h.api('POST', '/api/v1/deployments/shared/rollback', undefined, ALICE);
      expect(rolled.status).toBe(200);
      expect((await h.infer('shared', [ROW], { headers: ALICE })).version).toBe('1');
      expectDenied(await h.api('DELETE', '/api/v1/deployments/shared', undefined, ALICE), 'MANAGE');
      expectDenied(
        await h.api(
          'PUT',
          '/api/v1/deployments/shared/permissions/carol',
          { permission: 'EDIT' },
          ALICE,
        ),
        'MANAGE',
      );
    } finally {
      await h.api('DELETE', '/api/v1/deployments/shared/permissions/alice', undefined, BOB);
    }
  });

  it('refuses NO_PERMISSIONS every read and invocation, and hides it from lists', async () => {
    await setPermission('deployments', 'shared', 'alice', 'NO_PERMISSIONS');
    try {
      const oip = await h.infer('shared', [ROW], { headers: ALICE });
      expect(oip.status).toBe(403);
      expect(oip.body.error).toContain('needs READ');
      expect(oip.body.outputs).toBeUndefined();
      const scored = await score('shared', ALICE);
      expect(scored.status).toBe(403);
      expect(scored.json.error_code).toBe('PERMISSION_DENIED');
      expect(scored.json.predictions).toBeUndefined();
      const byHeader = await fetch(`${h.baseUrl}/invocations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-slipway-deployment': 'shared', ...ALICE },
        body: JSON.stringify({ inputs: [ROW] }),
      });
      expect(byHeader.status).toBe(403);
      expect((await fetch(`${h.baseUrl}/v2/models/shared`, { headers: ALICE })).status).toBe(403);

      expectDenied(await h.api('GET', '/api/v1/deployments/shared', undefined, ALICE), 'READ');
      expectDenied(
        await h.api('GET', '/api/v1/deployments/shared/events', undefined, ALICE),
        'READ',
      );
      const exported = await exportPredictions('shared', ALICE);
      expect(exported.status).toBe(403);
      const listed = await h.api('GET', '/api/v1/deployments', undefined, ALICE);
      expect(listed.status).toBe(200);
      expect(names(listed)).not.toContain('shared');
      const index = await fetch(`${h.baseUrl}/v2/repository/index`, {
        method: 'POST',
        headers: ALICE,
      });
      const entries = (await index.json()) as { name: string }[];
      expect(entries.map((entry) => entry.name)).not.toContain('shared');
      // Others are not affected: carol (default READ) still invokes it.
      expect((await h.infer('shared', [ROW], { headers: as('carol') })).status).toBe(200);
      expect(names(await h.api('GET', '/api/v1/deployments', undefined, as('carol')))).toContain(
        'shared',
      );
    } finally {
      await h.api('DELETE', '/api/v1/deployments/shared/permissions/alice', undefined, BOB);
    }
    // Removing the refusal restores the default READ at once.
    expect((await h.infer('shared', [ROW], { headers: ALICE })).status).toBe(200);
  });

  it('refuses to apply a spec naming a model the caller cannot read', async () => {
    const secret = {
      name: 'alice-dep',
      policy: { type: 'single', model: 'models:/bob-secret/1' },
    };
    expectDenied(await h.api('POST', '/api/v1/deployments', secret, ALICE), 'READ');
    expectDenied(await h.api('PUT', '/api/v1/deployments/alice-dep', secret, ALICE), 'READ');
    // One readable variant does not make up for an unreadable one.
    const mixed = {
      name: 'alice-dep',
      policy: {
        type: 'blue-green',
        active: 'models:/const-a/1',
        preview: 'models:/bob-secret/latest',
      },
    };
    expectDenied(await h.api('POST', '/api/v1/deployments', mixed, ALICE), 'READ');
    expect((await h.api('GET', '/api/v1/deployments/alice-dep')).status).toBe(404);
    // Nor may she serve the model directly over the inference protocol.
    const direct = await h.infer('bob-secret', [ROW], { headers: ALICE });
    expect(direct.status).toBe(403);
    expect(direct.body.outputs).toBeUndefined();
    const loadSecret = await fetch(`${h.baseUrl}/v2/repository/models/bob-secret/load`, {
      method: 'POST',
      headers: ALICE,
    });
    expect(loadSecret.status).toBe(403);
    const index = await fetch(`${h.baseUrl}/v2/repository/index`, {
      method: 'POST',
      headers: ALICE,
    });
    const indexed = ((await index.json()) as { name: string }[]).map((entry) => entry.name);
    expect(indexed).toContain('const-a');
    expect(indexed).not.toContain('bob-secret');

    // A model she may read deploys, and she holds MANAGE on what she created...
    const own = await h.api(
      'POST',
      '/api/v1/deployments',
      { name: 'alice-dep', policy: { type: 'single', model: 'models:/const-a/2' } },
      ALICE,
    );
    expect(own.status, JSON.stringify(own.json)).toBe(200);
    const perms = await h.api('GET', '/api/v1/deployments/alice-dep/permissions', undefined, ALICE);
    expect(perms.json.permissions).toEqual([
      expect.objectContaining({ username: 'alice', permission: 'MANAGE' }),
    ]);
    // ...but not the right to point it at bob's secret model.
    expectDenied(
      await h.api(
        'POST',
        '/api/v1/deployments',
        { name: 'alice-dep', policy: { type: 'single', model: 'models:/bob-secret/1' } },
        ALICE,
      ),
      'READ',
    );
    const kept = await h.api('GET', '/api/v1/deployments/alice-dep', undefined, ALICE);
    expect(kept.json.deployment.variants[0].resolved).toEqual({ name: 'const-a', version: '2' });
    const served = await h.infer('alice-dep', [ROW], { headers: ALICE });
    expect(served.version).toBe('2');
    // Bob may read his own model and alice's deployment, but may not change her deployment.
    expectDenied(
      await h.api(
        'POST',
        '/api/v1/deployments',
        { name: 'alice-dep', policy: { type: 'single', model: 'models:/bob-secret/1' } },
        BOB,
      ),
      'EDIT',
    );
    expect((await h.api('DELETE', '/api/v1/deployments/alice-dep', undefined, ALICE)).status).toBe(
      204,
    );
  });

  it('forgets the grants of a deleted deployment when one of that name is created again', async () => {
    const spec = { name: 'redo', policy: { type: 'single', model: 'models:/const-a/1' } };
    expect((await h.api('POST', '/api/v1/deployments', spec, BOB)).status).toBe(200);
    await setPermission('deployments', 'redo', 'alice', 'MANAGE');
    await setPermission('deployments', 'redo', 'carol', 'NO_PERMISSIONS');
    expect((await h.api('DELETE', '/api/v1/deployments/redo', undefined, BOB)).status).toBe(204);
    // Re-created by carol, who was refused the old one: she is its creator now.
    expect((await h.api('POST', '/api/v1/deployments', spec, as('carol'))).status).toBe(200);
    const grants = await h.api('GET', '/api/v1/deployments/redo/permissions');
    expect(
      grants.json.permissions.map((p: { username: string; permission: string }) => [
        p.username,
        p.permission,
      ]),
    ).toEqual([['carol', 'MANAGE']]);
    expectDenied(await h.api('DELETE', '/api/v1/deployments/redo', undefined, ALICE), 'MANAGE');
    expectDenied(await h.api('POST', '/api/v1/deployments/redo/rollback', undefined, BOB), 'EDIT');
    expect((await h.api('DELETE', '/api/v1/deployments/redo', undefined, as('carol'))).status).toBe(
      204,
    );
  });

  it('treats the second of two simultaneous creations as an update, which needs EDIT', async () => {
    // Bob and alice apply the same new name at once. Whoever is first creates it (MANAGE); the
    // other one's apply is then an update of someone else's deployment and must be refused.
    // Versions no deployment serves yet, so applying has to load them: the window in which
    // the other request arrives.
    await registerAs(BOB, 'race-model', constantPredictor(0.3));
    await registerAs(BOB, 'race-model', constantPredictor(0.7));
    const bobSpec = { name: 'race', policy: { type: 'single', model: 'models:/race-model/1' } };
    const aliceSpec = { name: 'race', policy: { type: 'single', model: 'models:/race-model/2' } };
    const [bob, alice] = await Promise.all([
      h.api('POST', '/api/v1/deployments', bobSpec, BOB),
      h.api('POST', '/api/v1/deployments', aliceSpec, ALICE),
    ]);
    const outcome = [bob.status, alice.status];
    expect(outcome.sort(), JSON.stringify([bob.json, alice.json])).toEqual([200, 403]);
    const winner = bob.status === 200 ? 'bob' : 'alice';
    const got = await h.api('GET', '/api/v1/deployments/race');
    expect(got.json.deployment).toMatchObject({ createdBy: winner, updatedBy: winner });
    await h.api('DELETE', '/api/v1/deployments/race');
  });

  it('lets an admin do everything', async () => {
    await setPermission('deployments', 'shared', 'admin', 'NO_PERMISSIONS');
    expect((await h.api('GET', '/api/v1/deployments/shared')).status).toBe(200);
    expect((await h.infer('shared', [ROW])).status).toBe(200);
    const perms = await h.api('GET', '/api/v1/deployments/shared/permissions');
    expect(perms.status).toBe(200);
    // The secret model is readable to an admin, so an admin may deploy it.
    const applied = await h.api('POST', '/api/v1/deployments', {
      name: 'admin-dep',
      policy: { type: 'single', model: 'models:/bob-secret/1' },
    });
    expect(applied.status, JSON.stringify(applied.json)).toBe(200);
    expect((await h.api('DELETE', '/api/v1/deployments/admin-dep')).status).toBe(204);
  });
});
