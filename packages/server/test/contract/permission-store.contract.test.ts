import { describe, expect, it } from 'vitest';
import type { Permission, PermissionGrant, ResourceType, StoredUser } from '@slipway/core';
import { SQL_BACKENDS } from '../support/sql-backends.js';
import { newUser, useAccessEnv } from './access-fixtures.js';
import { expectSlipwayError } from './tracking-fixtures.js';

function grant(
  resourceType: ResourceType,
  resourceId: string,
  user: StoredUser,
  permission: Permission,
): PermissionGrant {
  return { resourceType, resourceId, userId: user.id, username: user.username, permission };
}

describe.each(SQL_BACKENDS)('PermissionStore contract ($name)', (backend) => {
  const env = useAccessEnv(backend);

  it('has no permission until one is created', async () => {
    const alice = await newUser(env, 'alice');
    expect(await env.permissions.get('experiment', '1', alice.id)).toBeUndefined();
    expect(await env.permissions.listForResource('experiment', '1')).toEqual([]);
    expect(await env.permissions.listForUser(alice.id)).toEqual([]);
  });

  it('creates a permission and reads it back', async () => {
    const alice = await newUser(env, 'alice');
    await env.permissions.create('experiment', '1', alice.id, 'EDIT');
    expect(await env.permissions.get('experiment', '1', alice.id)).toBe('EDIT');
    expect(await env.permissions.get('experiment', '2', alice.id)).toBeUndefined();
  });

  it('stores every permission level', async () => {
    const alice = await newUser(env, 'alice');
    const levels: Permission[] = ['READ', 'EDIT', 'MANAGE', 'NO_PERMISSIONS'];
    for (const [i, level] of levels.entries()) {
      await env.permissions.create('deployment', `d${i}`, alice.id, level);
    }
    for (const [i, level] of levels.entries()) {
      expect(await env.permissions.get('deployment', `d${i}`, alice.id)).toBe(level);
    }
  });

  it('refuses a second create with ALREADY_EXISTS and keeps the first', async () => {
    const alice = await newUser(env, 'alice');
    await env.permissions.create('registered_model', 'm', alice.id, 'READ');
    await expectSlipwayError(
      env.permissions.create('registered_model', 'm', alice.id, 'MANAGE'),
      'ALREADY_EXISTS',
    );
    expect(await env.permissions.get('registered_model', 'm', alice.id)).toBe('READ');
  });

  it('set creates a missing permission and replaces an existing one', async () => {
    const alice = await newUser(env, 'alice');
    await env.permissions.set('experiment', '7', alice.id, 'READ');
    expect(await env.permissions.get('experiment', '7', alice.id)).toBe('READ');
    await env.permissions.set('experiment', '7', alice.id, 'MANAGE');
    expect(await env.permissions.get('experiment', '7', alice.id)).toBe('MANAGE');
    expect(await env.permissions.listForResource('experiment', '7')).toEqual([
      grant('experiment', '7', alice, 'MANAGE'),
    ]);
  });

  it('updates an existing permission, and fails with NOT_FOUND when there is none', async () => {
    const alice = await newUser(env, 'alice');
    const bob = await newUser(env, 'bob');
    await env.permissions.create('experiment', '1', alice.id, 'READ');
    await env.permissions.update('experiment', '1', alice.id, 'EDIT');
    expect(await env.permissions.get('experiment', '1', alice.id)).toBe('EDIT');

    await expectSlipwayError(
      env.permissions.update('experiment', '1', bob.id, 'EDIT'),
      'NOT_FOUND',
    );
    await expectSlipwayError(
      env.permissions.update('experiment', '2', alice.id, 'EDIT'),
      'NOT_FOUND',
    );
    await expectSlipwayError(
      env.permissions.update('deployment', '1', alice.id, 'EDIT'),
      'NOT_FOUND',
    );
    expect(await env.permissions.get('experiment', '1', bob.id)).toBeUndefined();
  });

  it('deletes a permission, and fails with NOT_FOUND when there is none', async () => {
    const alice = await newUser(env, 'alice');
    const bob = await newUser(env, 'bob');
    await env.permissions.create('experiment', '1', alice.id, 'READ');
    await env.permissions.create('experiment', '1', bob.id, 'READ');
    await env.permissions.delete('experiment', '1', alice.id);
    expect(await env.permissions.get('experiment', '1', alice.id)).toBeUndefined();
    expect(await env.permissions.get('experiment', '1', bob.id)).toBe('READ');
    await expectSlipwayError(env.permissions.delete('experiment', '1', alice.id), 'NOT_FOUND');
    await expectSlipwayError(env.permissions.delete('experiment', '9', bob.id), 'NOT_FOUND');
  });

  it("deleteResource removes every user's grant on that resource only", async () => {
    const alice = await newUser(env, 'alice');
    const bob = await newUser(env, 'bob');
    await env.permissions.create('registered_model', 'm', alice.id, 'MANAGE');
    await env.permissions.create('registered_model', 'm', bob.id, 'READ');
    await env.permissions.create('registered_model', 'other', alice.id, 'EDIT');
    await env.permissions.create('deployment', 'm', bob.id, 'EDIT');

    await env.permissions.deleteResource('registered_model', 'm');

    expect(await env.permissions.listForResource('registered_model', 'm')).toEqual([]);
    expect(await env.permissions.get('registered_model', 'other', alice.id)).toBe('EDIT');
    expect(await env.permissions.get('deployment', 'm', bob.id)).toBe('EDIT');
    // Nothing left to delete is not an error.
    await env.permissions.deleteResource('registered_model', 'm');
  });

  it('renameResource moves every grant to the new id', async () => {
    const alice = await newUser(env, 'alice');
    const bob = await newUser(env, 'bob');
    await env.permissions.create('registered_model', 'old', alice.id, 'MANAGE');
    await env.permissions.create('registered_model', 'old', bob.id, 'READ');
    await env.permissions.create('deployment', 'old', bob.id, 'EDIT');

    await env.permissions.renameResource('registered_model', 'old', 'new');

    expect(await env.permissions.listForResource('registered_model', 'old')).toEqual([]);
    expect(await env.permissions.listForResource('registered_model', 'new')).toEqual([
      grant('registered_model', 'new', alice, 'MANAGE'),
      grant('registered_model', 'new', bob, 'READ'),
    ]);
    // Another resource type with the same name is not renamed.
    expect(await env.permissions.get('deployment', 'old', bob.id)).toBe('EDIT');
    expect(await env.permissions.get('deployment', 'new', bob.id)).toBeUndefined();
  });

  it('renameResource drops grants already on the target name', async () => {
    const alice = await newUser(env, 'alice');
    const bob = await newUser(env, 'bob');
    const carol = await newUser(env, 'carol');
    await env.permissions.create('registered_model', 'old', alice.id, 'READ');
    // Left over from a model once called 'new': bob's is replaced, carol's is dropped.
    await env.permissions.create('registered_model', 'new', alice.id, 'MANAGE');
    await env.permissions.create('registered_model', 'new', carol.id, 'MANAGE');
    await env.permissions.create('registered_model', 'old', bob.id, 'EDIT');

    await env.permissions.renameResource('registered_model', 'old', 'new');

    expect(await env.permissions.listForResource('registered_model', 'new')).toEqual([
      grant('registered_model', 'new', alice, 'READ'),
      grant('registered_model', 'new', bob, 'EDIT'),
    ]);
    expect(await env.permissions.get('registered_model', 'new', carol.id)).toBeUndefined();
    expect(await env.permissions.listForResource('registered_model', 'old')).toEqual([]);
  });

  it('renameResource to the same id keeps the grants', async () => {
    const alice = await newUser(env, 'alice');
    await env.permissions.create('registered_model', 'same', alice.id, 'MANAGE');
    await env.permissions.renameResource('registered_model', 'same', 'same');
    expect(await env.permissions.get('registered_model', 'same', alice.id)).toBe('MANAGE');
  });

  it('lists a resource’s grants ordered by username, with usernames', async () => {
    const carol = await newUser(env, 'carol');
    const alice = await newUser(env, 'alice');
    const bob = await newUser(env, 'bob');
    await env.permissions.create('experiment', '3', carol.id, 'READ');
    await env.permissions.create('experiment', '3', alice.id, 'MANAGE');
    await env.permissions.create('experiment', '3', bob.id, 'NO_PERMISSIONS');
    await env.permissions.create('experiment', '4', alice.id, 'READ');
    expect(await env.permissions.listForResource('experiment', '3')).toEqual([
      grant('experiment', '3', alice, 'MANAGE'),
      grant('experiment', '3', bob, 'NO_PERMISSIONS'),
      grant('experiment', '3', carol, 'READ'),
    ]);
  });

  it('lists a user’s grants across resource types, and only theirs', async () => {
    const alice = await newUser(env, 'alice');
    const bob = await newUser(env, 'bob');
    await env.permissions.create('registered_model', 'm1', alice.id, 'READ');
    await env.permissions.create('experiment', '2', alice.id, 'EDIT');
    await env.permissions.create('deployment', 'd1', alice.id, 'MANAGE');
    await env.permissions.create('experiment', '1', alice.id, 'READ');
    await env.permissions.create('experiment', '1', bob.id, 'MANAGE');

    const listed = await env.permissions.listForUser(alice.id);
    expect(listed).toHaveLength(4);
    expect(listed).toEqual(
      expect.arrayContaining([
        grant('registered_model', 'm1', alice, 'READ'),
        grant('experiment', '2', alice, 'EDIT'),
        grant('deployment', 'd1', alice, 'MANAGE'),
        grant('experiment', '1', alice, 'READ'),
      ]),
    );
    expect(await env.permissions.listForUser(bob.id)).toEqual([
      grant('experiment', '1', bob, 'MANAGE'),
    ]);
    expect(await env.permissions.listForUser(99_999)).toEqual([]);
  });

  it('fails with NOT_FOUND granting to an unknown user id', async () => {
    await newUser(env, 'alice');
    await expectSlipwayError(
      env.permissions.create('experiment', '1', 77_777, 'READ'),
      'NOT_FOUND',
    );
    await expectSlipwayError(env.permissions.set('experiment', '1', 77_777, 'READ'), 'NOT_FOUND');
    expect(await env.permissions.listForResource('experiment', '1')).toEqual([]);
  });

  it('keeps resource types independent for the same id', async () => {
    const alice = await newUser(env, 'alice');
    await env.permissions.create('experiment', 'x', alice.id, 'READ');
    await env.permissions.create('registered_model', 'x', alice.id, 'EDIT');
    await env.permissions.create('deployment', 'x', alice.id, 'MANAGE');
    expect(await env.permissions.get('experiment', 'x', alice.id)).toBe('READ');
    expect(await env.permissions.get('registered_model', 'x', alice.id)).toBe('EDIT');
    expect(await env.permissions.get('deployment', 'x', alice.id)).toBe('MANAGE');

    await env.permissions.update('registered_model', 'x', alice.id, 'READ');
    await env.permissions.delete('deployment', 'x', alice.id);
    expect(await env.permissions.get('experiment', 'x', alice.id)).toBe('READ');
    expect(await env.permissions.get('registered_model', 'x', alice.id)).toBe('READ');
    expect(await env.permissions.get('deployment', 'x', alice.id)).toBeUndefined();
    expect(await env.permissions.listForResource('experiment', 'x')).toEqual([
      grant('experiment', 'x', alice, 'READ'),
    ]);
  });

  it('treats resource ids as exact text', async () => {
    const alice = await newUser(env, 'alice');
    await env.permissions.create('registered_model', 'Model\'s "v" ü_%', alice.id, 'EDIT');
    expect(await env.permissions.get('registered_model', 'Model\'s "v" ü_%', alice.id)).toBe(
      'EDIT',
    );
    expect(
      await env.permissions.get('registered_model', 'model\'s "v" ü_%', alice.id),
    ).toBeUndefined();
    expect(
      await env.permissions.get('registered_model', 'Model\'s "v" üx%', alice.id),
    ).toBeUndefined();
  });
});
