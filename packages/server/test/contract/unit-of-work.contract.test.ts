import { describe, expect, it } from 'vitest';
import type { TransactionStores } from '@slipway/core';
import { SqlUnitOfWork, sqlStores } from '../../src/storage/sql/unit-of-work.js';
import { SQL_BACKENDS } from '../support/sql-backends.js';
import { useAccessEnv } from './access-fixtures.js';
import { ARTIFACT_ROOT, expectSlipwayError } from './tracking-fixtures.js';

/** A user, a permission for them and the audit event that records both. */
async function grantWithAudit(s: TransactionStores, username: string, experimentId: string) {
  const user = await s.users.createUser({
    username,
    passwordHash: `scrypt$${username}`,
    isAdmin: false,
    time: 10,
  });
  await s.permissions.create('experiment', experimentId, user.id, 'MANAGE');
  await s.audit.append([
    {
      time: 10,
      actor: 'admin',
      action: 'user.create',
      resourceType: 'user',
      resourceId: username,
      after: { username, grants: [{ experimentId, permission: 'MANAGE' }] },
    },
  ]);
  return user;
}

function experimentWithTags(name: string) {
  return {
    name,
    defaultArtifactRoot: ARTIFACT_ROOT,
    tags: [
      { key: 'team', value: 'vision' },
      { key: 'owner', value: 'alice' },
    ],
    time: 20,
  };
}

describe.each(SQL_BACKENDS)('SqlUnitOfWork contract ($name)', (backend) => {
  const env = useAccessEnv(backend);

  it('commits writes across stores and returns what the work returns', async () => {
    const result = await new SqlUnitOfWork(env.database).run(async (s) => {
      const user = await grantWithAudit(s, 'alice', '1');
      // Writes are visible to later reads of the same unit of work.
      expect(await s.users.getUser('alice')).toEqual(user);
      expect(await s.permissions.get('experiment', '1', user.id)).toBe('MANAGE');
      return { userId: user.id };
    });

    const after = sqlStores(env.database);
    const alice = await after.users.getUser('alice');
    expect(alice?.id).toBe(result.userId);
    expect(await after.permissions.listForResource('experiment', '1')).toEqual([
      {
        resourceType: 'experiment',
        resourceId: '1',
        userId: result.userId,
        username: 'alice',
        permission: 'MANAGE',
      },
    ]);
    const events = await after.audit.search({ limit: 10, offset: 0 });
    expect(events.items).toHaveLength(1);
    expect(events.items[0]).toMatchObject({
      actor: 'admin',
      action: 'user.create',
      resourceId: 'alice',
      after: { username: 'alice', grants: [{ experimentId: '1', permission: 'MANAGE' }] },
    });
  });

  it('rolls every store back when the work throws, and rethrows the same error', async () => {
    const boom = new Error('work failed after writing');
    let seen: number | undefined;
    await expect(
      new SqlUnitOfWork(env.database).run(async (s) => {
        const user = await grantWithAudit(s, 'alice', '1');
        seen = user.id;
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(seen).toBeDefined();

    const after = sqlStores(env.database);
    expect(await after.users.getUser('alice')).toBeUndefined();
    expect(await after.users.listUsers({ limit: 10, offset: 0 })).toEqual({ items: [] });
    expect(await after.permissions.listForResource('experiment', '1')).toEqual([]);
    expect(await after.permissions.listForUser(seen ?? -1)).toEqual([]);
    expect(await after.audit.search({ limit: 10, offset: 0 })).toEqual({ items: [] });
  });

  it('leaves the database usable after a rolled-back unit of work', async () => {
    const uow = new SqlUnitOfWork(env.database);
    await expect(
      uow.run(async (s) => {
        await grantWithAudit(s, 'alice', '1');
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    await uow.run((s) => grantWithAudit(s, 'alice', '2'));
    const after = sqlStores(env.database);
    const alice = await after.users.getUser('alice');
    expect(alice).toBeDefined();
    expect(await after.permissions.listForUser(alice?.id ?? -1)).toEqual([
      expect.objectContaining({ resourceId: '2', permission: 'MANAGE' }),
    ]);
    expect((await after.audit.search({ limit: 10, offset: 0 })).items).toHaveLength(1);
  });

  it("joins a store's own transaction (experiment with tags) and commits it", async () => {
    const created = await new SqlUnitOfWork(env.database).run(async (s) => {
      const experiment = await s.experiments.create(experimentWithTags('tagged'));
      await s.audit.append([
        {
          time: 20,
          actor: 'alice',
          action: 'experiment.create',
          resourceType: 'experiment',
          resourceId: experiment.experimentId,
        },
      ]);
      return experiment;
    });
    const after = sqlStores(env.database);
    const read = await after.experiments.getByName('tagged');
    expect(read).toEqual(created);
    expect(read?.artifactLocation).toBe(`${ARTIFACT_ROOT}/${created.experimentId}`);
    expect([...(read?.tags ?? [])].sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key: 'owner', value: 'alice' },
      { key: 'team', value: 'vision' },
    ]);
    expect((await after.audit.search({ limit: 10, offset: 0 })).items).toHaveLength(1);
  });

  it("rolls a store's own transaction back with the rest of the unit of work", async () => {
    const boom = new Error('after the experiment');
    let experimentId: string | undefined;
    await expect(
      new SqlUnitOfWork(env.database).run(async (s) => {
        await grantWithAudit(s, 'alice', 'x');
        const experiment = await s.experiments.create(experimentWithTags('tagged'));
        experimentId = experiment.experimentId;
        expect((await s.experiments.get(experiment.experimentId))?.tags).toHaveLength(2);
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(experimentId).toBeDefined();

    const after = sqlStores(env.database);
    expect(await after.experiments.getByName('tagged')).toBeUndefined();
    expect(await after.experiments.get(experimentId ?? '')).toBeUndefined();
    expect(await after.users.getUser('alice')).toBeUndefined();
    expect(await after.permissions.listForResource('experiment', 'x')).toEqual([]);
    expect(await after.audit.search({ limit: 10, offset: 0 })).toEqual({ items: [] });
  });

  it('still lets a store outside any unit of work run its own transaction', async () => {
    const stores = sqlStores(env.database);
    const created = await stores.experiments.create(experimentWithTags('standalone'));
    expect((await stores.experiments.get(created.experimentId))?.tags).toHaveLength(2);
  });

  it('surfaces a unique violation as ALREADY_EXISTS and rolls back the earlier writes', async () => {
    const stores = sqlStores(env.database);
    await stores.users.createUser({
      username: 'taken',
      passwordHash: 'h',
      isAdmin: false,
      time: 1,
    });

    await expectSlipwayError(
      new SqlUnitOfWork(env.database).run(async (s) => {
        await grantWithAudit(s, 'alice', '1');
        await s.experiments.create(experimentWithTags('written-before'));
        await s.users.createUser({ username: 'taken', passwordHash: 'h2', isAdmin: true, time: 2 });
      }),
      'ALREADY_EXISTS',
      'taken',
    );

    expect(await stores.users.getUser('alice')).toBeUndefined();
    expect(await stores.experiments.getByName('written-before')).toBeUndefined();
    expect(await stores.permissions.listForResource('experiment', '1')).toEqual([]);
    expect(await stores.audit.search({ limit: 10, offset: 0 })).toEqual({ items: [] });
    const taken = await stores.users.getUser('taken');
    expect(taken?.passwordHash).toBe('h');
    expect(taken?.isAdmin).toBe(false);
    expect(await stores.users.countAdmins()).toBe(0);
  });

  it("surfaces a unique violation in a store's own transaction as ALREADY_EXISTS", async () => {
    const stores = sqlStores(env.database);
    await new SqlUnitOfWork(env.database).run((s) =>
      s.experiments.create(experimentWithTags('exp')),
    );
    await expectSlipwayError(
      new SqlUnitOfWork(env.database).run(async (s) => {
        await grantWithAudit(s, 'alice', '1');
        await s.experiments.create(experimentWithTags('exp'));
      }),
      'ALREADY_EXISTS',
    );
    expect(await stores.users.getUser('alice')).toBeUndefined();
    expect(await stores.audit.search({ limit: 10, offset: 0 })).toEqual({ items: [] });
  });

  // On SQLite the root handle waits for the transaction's connection, so only PostgreSQL can
  // observe the unit of work from outside while it runs: the case exists for PostgreSQL only.
  if (backend.name === 'postgres') {
    it('hides uncommitted writes from other connections', async () => {
      const outside = sqlStores(env.database);
      await new SqlUnitOfWork(env.database).run(async (s) => {
        await grantWithAudit(s, 'alice', '1');
        expect(await outside.users.getUser('alice')).toBeUndefined();
        expect(await outside.audit.search({ limit: 10, offset: 0 })).toEqual({ items: [] });
      });
      expect(await outside.users.getUser('alice')).toBeDefined();
    });
  }
});
