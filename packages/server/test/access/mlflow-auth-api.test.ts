import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeRoutes as r } from '@slipway/core';
import { call } from '../native/native-harness.js';
import type { NativeHarness } from '../native/native-harness.js';
import { basic, mlflowCall, openAccessHarness, passwordOf } from './access-fixtures.js';
import type { MlflowReply } from './access-fixtures.js';

let h: NativeHarness;

const auth = (username: string, password = passwordOf(username)) => basic(username, password);
const BOB = auth('bob');
const ALICE = auth('alice');

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const api = (method: Method, path: string, body?: Record<string, unknown>, as?: string) =>
  mlflowCall(h, method, path, body, as);

function expectError(res: MlflowReply, status: number, code: string): void {
  expect(res.status, JSON.stringify(res.json)).toBe(status);
  expect(res.json.error_code).toBe(code);
  expect(typeof res.json.message).toBe('string');
}

/** The audit events of one resource, newest first (read as the admin). */
async function auditOf(resourceType: 'user' | 'permission', resourceId: string) {
  const res = await call(h, r.searchAuditEvents, { query: { resourceType, resourceId } });
  expect(res.status).toBe(200);
  return res.json.events as {
    actor: string;
    action: string;
    before?: Record<string, unknown>;
    after?: Record<string, unknown>;
  }[];
}

async function createUser(username: string): Promise<number> {
  const res = await api('POST', '/users/create', { username, password: passwordOf(username) });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json.user.id as number;
}

async function userId(username: string): Promise<number> {
  return (await api('GET', '/users/get', { username })).json.user.id as number;
}

beforeAll(async () => {
  h = await openAccessHarness({ users: ['bob', 'alice', 'carol'] });
});
afterAll(async () => h?.close());

describe('MLflow basic-auth users API', () => {
  it('users/create: an admin creates a user in MLflow shape; others are refused', async () => {
    const created = await api('POST', '/users/create', {
      username: 'dave',
      password: passwordOf('dave'),
    });
    expect(created.status, JSON.stringify(created.json)).toBe(200);
    expect(created.json).toEqual({
      user: {
        id: expect.any(Number),
        username: 'dave',
        is_admin: false,
        experiment_permissions: [],
        registered_model_permissions: [],
      },
    });
    const current = await api('GET', '/users/current', undefined, auth('dave'));
    expect(current.json.user).toMatchObject({ username: 'dave', is_admin: false });

    expectError(
      await api('POST', '/users/create', { username: 'dave', password: 'another-password-1' }),
      400,
      'RESOURCE_ALREADY_EXISTS',
    );
    expectError(
      await api('POST', '/users/create', { username: 'eve', password: passwordOf('eve') }, BOB),
      403,
      'PERMISSION_DENIED',
    );
    expectError(
      await api('GET', '/users/get', { username: 'eve' }),
      404,
      'RESOURCE_DOES_NOT_EXIST',
    );
    expectError(
      await api('POST', '/users/create', { username: 'eve' }),
      400,
      'INVALID_PARAMETER_VALUE',
    );

    const [event, ...older] = await auditOf('user', 'dave');
    expect(older).toEqual([]);
    expect(event).toMatchObject({
      actor: 'admin',
      action: 'user.create',
      after: { username: 'dave', isAdmin: false, id: created.json.user.id },
    });
    expect(JSON.stringify(event)).not.toContain(passwordOf('dave'));
    expect(await auditOf('user', 'eve')).toEqual([]);
  });

  it('users/get: yourself, or anyone as an admin, with your permissions', async () => {
    const self = await api('GET', '/users/get', { username: 'bob' }, BOB);
    expect(self.status).toBe(200);
    expect(self.json.user).toMatchObject({ username: 'bob', is_admin: false });
    expectError(
      await api('GET', '/users/get', { username: 'alice' }, BOB),
      403,
      'PERMISSION_DENIED',
    );
    expect((await api('GET', '/users/get', { username: 'alice' })).json.user.username).toBe(
      'alice',
    );
    expectError(
      await api('GET', '/users/get', { username: 'nobody' }),
      404,
      'RESOURCE_DOES_NOT_EXIST',
    );
    expectError(await api('GET', '/users/get', {}), 400, 'INVALID_PARAMETER_VALUE');

    const experiment = await api('POST', '/experiments/create', { name: 'bobs-get' }, BOB);
    const model = await api('POST', '/registered-models/create', { name: 'bobs-get-model' }, BOB);
    expect(model.status).toBe(200);
    const withGrants = await api('GET', '/users/get', { username: 'bob' }, BOB);
    expect(withGrants.json.user.experiment_permissions).toContainEqual({
      experiment_id: experiment.json.experiment_id,
      user_id: self.json.user.id,
      permission: 'MANAGE',
    });
    expect(withGrants.json.user.registered_model_permissions).toContainEqual({
      name: 'bobs-get-model',
      user_id: self.json.user.id,
      permission: 'MANAGE',
    });
  });

  it('users/current and users/list', async () => {
    const bob = await api('GET', '/users/current', undefined, BOB);
    expect(bob.json.user).toMatchObject({ username: 'bob', is_admin: false });
    const admin = await api('GET', '/users/current');
    expect(admin.json.user).toMatchObject({ username: 'admin', is_admin: true });
    const listed = await api('GET', '/users/list');
    expect(listed.status).toBe(200);
    expect(listed.json.users.map((u: { username: string }) => u.username)).toEqual(
      expect.arrayContaining(['admin', 'bob', 'alice', 'carol']),
    );
    expectError(await api('GET', '/users/list', undefined, BOB), 403, 'PERMISSION_DENIED');

    const anonymous = await h.app.inject({ method: 'GET', url: '/api/2.0/mlflow/users/current' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['www-authenticate']).toMatch(/^Basic/u);
    expect(JSON.parse(anonymous.body)).toMatchObject({ error_code: 'UNAUTHENTICATED' });
  });

  it('users/update-password: your own takes effect at once; another user’s is refused', async () => {
    await createUser('frank');
    const newPassword = 'frank-second-password';
    const changed = await api(
      'PATCH',
      '/users/update-password',
      { username: 'frank', password: newPassword },
      auth('frank'),
    );
    expect(changed.status, JSON.stringify(changed.json)).toBe(200);
    expect(changed.json).toEqual({});
    const old = await api('GET', '/users/current', undefined, auth('frank'));
    expect(old.status).toBe(401);
    expect(old.json.error_code).toBe('UNAUTHENTICATED');
    const fresh = await api('GET', '/users/current', undefined, auth('frank', newPassword));
    expect(fresh.status).toBe(200);

    expectError(
      await api(
        'PATCH',
        '/users/update-password',
        { username: 'bob', password: 'taken-over-by-frank' },
        auth('frank', newPassword),
      ),
      403,
      'PERMISSION_DENIED',
    );
    expect((await api('GET', '/users/current', undefined, BOB)).status).toBe(200);
    expect(
      (await api('GET', '/users/current', undefined, auth('bob', 'taken-over-by-frank'))).status,
    ).toBe(401);
    expectError(
      await api(
        'PATCH',
        '/users/update-password',
        { username: 'frank', password: 'short' },
        auth('frank', newPassword),
      ),
      400,
      'INVALID_PARAMETER_VALUE',
    );
    // An admin may reset anyone's password.
    const reset = await api('PATCH', '/users/update-password', {
      username: 'frank',
      password: passwordOf('frank'),
    });
    expect(reset.status).toBe(200);
    expect((await api('GET', '/users/current', undefined, auth('frank'))).status).toBe(200);
    expect((await api('GET', '/users/current', undefined, auth('frank', newPassword))).status).toBe(
      401,
    );
    expectError(
      await api('PATCH', '/users/update-password', {
        username: 'nobody',
        password: 'long-enough-password',
      }),
      404,
      'RESOURCE_DOES_NOT_EXIST',
    );

    const events = await auditOf('user', 'frank');
    expect(events.map((e) => [e.actor, e.action])).toEqual([
      ['admin', 'user.update'],
      ['frank', 'user.update'],
      ['admin', 'user.create'],
    ]);
    expect(events[1]).toMatchObject({
      before: { isAdmin: false },
      after: { isAdmin: false, passwordChanged: true },
    });
    expect(JSON.stringify(events)).not.toContain(newPassword);
    expect(JSON.stringify(events)).not.toContain('scrypt');
  });

  it('users/update-admin: admins only, and the last admin stays one', async () => {
    await createUser('gina');
    expectError(
      await api('PATCH', '/users/update-admin', { username: 'bob', is_admin: true }, BOB),
      403,
      'PERMISSION_DENIED',
    );
    expect((await api('GET', '/users/get', { username: 'bob' })).json.user.is_admin).toBe(false);

    const promoted = await api('PATCH', '/users/update-admin', {
      username: 'gina',
      is_admin: true,
    });
    expect(promoted.status, JSON.stringify(promoted.json)).toBe(200);
    expect(promoted.json).toEqual({});
    expect((await api('GET', '/users/get', { username: 'gina' })).json.user.is_admin).toBe(true);
    expect((await api('GET', '/users/list', undefined, auth('gina'))).status).toBe(200);
    // Demoted, she loses admin rights on her next request.
    expect(
      (await api('PATCH', '/users/update-admin', { username: 'gina', is_admin: false })).status,
    ).toBe(200);
    expectError(await api('GET', '/users/list', undefined, auth('gina')), 403, 'PERMISSION_DENIED');

    const last = await api('PATCH', '/users/update-admin', { username: 'admin', is_admin: false });
    expect(last.status, JSON.stringify(last.json)).toBe(400);
    expect(last.json.message).toContain('last admin');
    expect((await api('GET', '/users/current')).json.user.is_admin).toBe(true);
    expectError(
      await api('PATCH', '/users/update-admin', { username: 'gina' }),
      400,
      'INVALID_PARAMETER_VALUE',
    );

    const events = await auditOf('user', 'gina');
    expect(events.map((e) => e.action)).toEqual(['user.update', 'user.update', 'user.create']);
    expect(events[0]).toMatchObject({ before: { isAdmin: true }, after: { isAdmin: false } });
    expect(events[1]).toMatchObject({ before: { isAdmin: false }, after: { isAdmin: true } });
    const adminEvents = await auditOf('user', 'admin');
    expect(adminEvents.map((e) => e.action)).not.toContain('user.update');
  });

  it('users/delete: admins only, with a JSON body; the user’s permissions go with it', async () => {
    const hankId = await createUser('hank');
    const experiment = await api('POST', '/experiments/create', { name: 'hanks' });
    const experimentId: string = experiment.json.experiment_id;
    await api('POST', '/experiments/permissions/create', {
      experiment_id: experimentId,
      username: 'hank',
      permission: 'EDIT',
    });
    expectError(
      await api('DELETE', '/users/delete', { username: 'hank' }, BOB),
      403,
      'PERMISSION_DENIED',
    );
    expect((await api('GET', '/users/current', undefined, auth('hank'))).status).toBe(200);

    const deleted = await api('DELETE', '/users/delete', { username: 'hank' });
    expect(deleted.status, JSON.stringify(deleted.json)).toBe(200);
    expect(deleted.json).toEqual({});
    expectError(
      await api('GET', '/users/get', { username: 'hank' }),
      404,
      'RESOURCE_DOES_NOT_EXIST',
    );
    expect((await api('GET', '/users/current', undefined, auth('hank'))).status).toBe(401);
    const grants = await call(h, r.listExperimentPermissions, { params: { experimentId } });
    expect(grants.json.permissions.map((p: { username: string }) => p.username)).not.toContain(
      'hank',
    );
    expectError(
      await api('DELETE', '/users/delete', { username: 'hank' }),
      404,
      'RESOURCE_DOES_NOT_EXIST',
    );
    const lastAdmin = await api('DELETE', '/users/delete', { username: 'admin' });
    expect(lastAdmin.status).toBe(400);
    expect((await api('GET', '/users/current')).status).toBe(200);

    // A new user of the same name starts from the default, not from hank's old grants.
    await createUser('hank');
    const reborn = await api('GET', '/users/get', { username: 'hank' });
    expect(reborn.json.user.experiment_permissions).toEqual([]);
    expectError(
      await api('POST', '/runs/create', { experiment_id: experimentId }, auth('hank')),
      403,
      'PERMISSION_DENIED',
    );
    expectError(
      await api('GET', '/experiments/permissions/get', {
        experiment_id: experimentId,
        username: 'hank',
      }),
      404,
      'RESOURCE_DOES_NOT_EXIST',
    );

    const [, event] = await auditOf('user', 'hank');
    expect(event).toMatchObject({
      actor: 'admin',
      action: 'user.delete',
      before: { username: 'hank', isAdmin: false, id: hankId },
    });
    expect(event?.after).toBeUndefined();
  });
});

describe('MLflow basic-auth permissions API', () => {
  const resources = [
    {
      kind: 'experiments',
      key: 'experiment_id',
      field: 'experiment_permission',
      type: 'experiment',
      /** Creates bob's resource; returns its id as the permission API names it. */
      async create(): Promise<string> {
        const res = await api('POST', '/experiments/create', { name: 'perm-api-exp' }, BOB);
        expect(res.status).toBe(200);
        return res.json.experiment_id as string;
      },
      /** Something EDIT allows and READ does not. */
      edit: (id: string, as: string) => api('POST', '/runs/create', { experiment_id: id }, as),
      userField: 'experiment_permissions',
    },
    {
      kind: 'registered-models',
      key: 'name',
      field: 'registered_model_permission',
      type: 'registered_model',
      async create(): Promise<string> {
        const res = await api('POST', '/registered-models/create', { name: 'perm-api-model' }, BOB);
        expect(res.status).toBe(200);
        return 'perm-api-model';
      },
      edit: (id: string, as: string) =>
        api('POST', '/registered-models/set-tag', { name: id, key: 'k', value: 'v' }, as),
      userField: 'registered_model_permissions',
    },
  ] as const;

  for (const resource of resources) {
    it(`${resource.kind}/permissions/create|get|update|delete`, async () => {
      const id = await resource.create();
      const aliceId = await userId('alice');
      const path = (verb: string) => `/${resource.kind}/permissions/${verb}`;
      const target = (username: string, permission?: string) => ({
        [resource.key]: id,
        username,
        ...(permission === undefined ? {} : { permission }),
      });

      // Managing permissions needs MANAGE: alice holds the default READ.
      expectError(
        await api('POST', path('create'), target('alice', 'MANAGE'), ALICE),
        403,
        'PERMISSION_DENIED',
      );
      expectError(await resource.edit(id, ALICE), 403, 'PERMISSION_DENIED');

      const created = await api('POST', path('create'), target('alice', 'EDIT'), BOB);
      expect(created.status, JSON.stringify(created.json)).toBe(200);
      expect(created.json).toEqual({
        [resource.field]: { [resource.key]: id, user_id: aliceId, permission: 'EDIT' },
      });
      expect((await resource.edit(id, ALICE)).status).toBe(200);
      expectError(
        await api('POST', path('create'), target('alice', 'READ'), BOB),
        400,
        'RESOURCE_ALREADY_EXISTS',
      );
      const got = await api('GET', path('get'), target('alice'), BOB);
      expect(got.status).toBe(200);
      expect(got.json).toEqual(created.json);
      const user = await api('GET', '/users/get', { username: 'alice' });
      expect(user.json.user[resource.userField]).toContainEqual(created.json[resource.field]);
      expectError(
        await api('GET', path('get'), target('carol'), BOB),
        404,
        'RESOURCE_DOES_NOT_EXIST',
      );
      // EDIT is not MANAGE.
      expectError(await api('GET', path('get'), target('alice'), ALICE), 403, 'PERMISSION_DENIED');
      expectError(
        await api('PATCH', path('update'), target('alice', 'MANAGE'), ALICE),
        403,
        'PERMISSION_DENIED',
      );
      expectError(
        await api('DELETE', path('delete'), target('bob'), ALICE),
        403,
        'PERMISSION_DENIED',
      );

      const updated = await api('PATCH', path('update'), target('alice', 'READ'), BOB);
      expect(updated.status, JSON.stringify(updated.json)).toBe(200);
      expect(updated.json).toEqual({});
      expect((await api('GET', path('get'), target('alice'), BOB)).json[resource.field]).toEqual({
        [resource.key]: id,
        user_id: aliceId,
        permission: 'READ',
      });
      expectError(await resource.edit(id, ALICE), 403, 'PERMISSION_DENIED');
      expectError(
        await api('PATCH', path('update'), target('carol', 'EDIT'), BOB),
        404,
        'RESOURCE_DOES_NOT_EXIST',
      );

      for (const [verb, method] of [
        ['create', 'POST'],
        ['update', 'PATCH'],
      ] as const) {
        const invalid = await api(method, path(verb), target('alice', 'WRITE'), BOB);
        expectError(invalid, 400, 'INVALID_PARAMETER_VALUE');
        for (const valid of ['READ', 'EDIT', 'MANAGE', 'NO_PERMISSIONS']) {
          expect(invalid.json.message).toContain(valid);
        }
      }
      expectError(
        await api('POST', path('create'), target('carol'), BOB),
        400,
        'INVALID_PARAMETER_VALUE',
      );
      expectError(
        await api('POST', path('create'), target('nobody', 'READ'), BOB),
        404,
        'RESOURCE_DOES_NOT_EXIST',
      );
      // None of the refused requests left a permission behind.
      expectError(
        await api('GET', path('get'), target('carol'), BOB),
        404,
        'RESOURCE_DOES_NOT_EXIST',
      );
      expect((await api('GET', path('get'), target('alice'), BOB)).json[resource.field]).toEqual(
        expect.objectContaining({ permission: 'READ' }),
      );

      const deleted = await api('DELETE', path('delete'), target('alice'), BOB);
      expect(deleted.status, JSON.stringify(deleted.json)).toBe(200);
      expect(deleted.json).toEqual({});
      expectError(
        await api('GET', path('get'), target('alice'), BOB),
        404,
        'RESOURCE_DOES_NOT_EXIST',
      );
      expectError(
        await api('DELETE', path('delete'), target('alice'), BOB),
        404,
        'RESOURCE_DOES_NOT_EXIST',
      );
      expect(
        (await api('GET', '/users/get', { username: 'alice' })).json.user[resource.userField],
      ).toEqual([]);

      const events = await auditOf('permission', `${resource.type}/${id}/alice`);
      expect(events.map((e) => [e.actor, e.action])).toEqual([
        ['bob', 'permission.delete'],
        ['bob', 'permission.set'],
        ['bob', 'permission.set'],
      ]);
      const [removed, changed, granted] = events;
      const grant = { resourceType: resource.type, resourceId: id, username: 'alice' };
      expect(granted?.before).toBeUndefined();
      expect(granted?.after).toEqual({ ...grant, permission: 'EDIT' });
      expect(changed?.before).toEqual({ permission: 'EDIT' });
      expect(changed?.after).toEqual({ ...grant, permission: 'READ' });
      expect(removed?.before).toEqual({ ...grant, permission: 'READ' });
      expect(removed?.after).toBeUndefined();
      // Refused and failed requests are not in the log.
      expect(await auditOf('permission', `${resource.type}/${id}/carol`)).toEqual([]);
    });
  }

  it('lets an admin manage permissions on what others created', async () => {
    const experiment = await api('POST', '/experiments/create', { name: 'admin-grants' }, BOB);
    const experimentId: string = experiment.json.experiment_id;
    const created = await api('POST', '/experiments/permissions/create', {
      experiment_id: experimentId,
      username: 'carol',
      permission: 'MANAGE',
    });
    expect(created.status).toBe(200);
    // Now carol manages it herself.
    const byCarol = await api(
      'POST',
      '/experiments/permissions/create',
      { experiment_id: experimentId, username: 'alice', permission: 'NO_PERMISSIONS' },
      auth('carol'),
    );
    expect(byCarol.status).toBe(200);
    expectError(
      await api('GET', '/experiments/get', { experiment_id: experimentId }, ALICE),
      403,
      'PERMISSION_DENIED',
    );
    const [event] = await auditOf('permission', `experiment/${experimentId}/alice`);
    expect(event).toMatchObject({ actor: 'carol', action: 'permission.set' });
  });
});
