import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Caller, UserStore } from '@slipway/core';
import { AccessService } from '../../src/access/access-service.js';
import { Authenticator } from '../../src/access/authenticator.js';
import { UserService } from '../../src/access/user-service.js';
import type { SqlDatabase } from '../../src/storage/sql/sql-database.js';
import { SqlUnitOfWork, sqlStores } from '../../src/storage/sql/unit-of-work.js';
import { sqliteBackend } from '../support/sql-backends.js';

const ADMIN: Caller = { username: 'admin', isAdmin: true, via: 'system' };
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;

interface Env {
  database: SqlDatabase;
  dispose(): Promise<void>;
  now: number;
  /** How often the authenticator asked the store for a user or a token. */
  lookups: number;
  authenticator: Authenticator;
  users: UserService;
}

/** A real SQLite store, counted: the cache must spare the store, not change answers. */
function counted(store: UserStore, env: Env): UserStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (property === 'getUser' || property === 'findTokenByHash') {
        return (...args: unknown[]) => {
          env.lookups += 1;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('Authenticator', () => {
  const env = {} as Env;

  beforeEach(async () => {
    const created = await sqliteBackend.create();
    env.database = created.database;
    env.dispose = created.dispose;
    env.now = 1_700_000_000_000;
    env.lookups = 0;
    const clock = { now: () => env.now };
    const stores = sqlStores(env.database);
    const uow = new SqlUnitOfWork(env.database);
    env.authenticator = new Authenticator({
      users: counted(stores.users, env),
      audit: stores.audit,
      clock,
      enabled: true,
    });
    const access = new AccessService({
      permissions: stores.permissions,
      users: stores.users,
      uow,
      clock,
      defaultPermission: 'READ',
    });
    env.users = new UserService(stores.users, uow, clock, env.authenticator, access);
    await env.users.bootstrapAdmin('admin', 'admin-password-123', true);
    await env.users.create(ADMIN, { username: 'bob', password: 'bob-password-123' });
  });

  afterEach(async () => {
    await env.dispose();
  });

  it('knows a user by password and trusts the answer for a moment', async () => {
    const header = basic('bob', 'bob-password-123');
    const caller = await env.authenticator.authenticate(header);
    expect(caller).toMatchObject({ username: 'bob', isAdmin: false, via: 'password' });
    const before = env.lookups;
    await env.authenticator.authenticate(header);
    expect(env.lookups).toBe(before);
    env.now += 2_001;
    await env.authenticator.authenticate(header);
    expect(env.lookups).toBe(before + 1);
  });

  it('refuses a wrong password, an unknown user and a malformed header alike', async () => {
    for (const header of [
      basic('bob', 'wrong-password-1'),
      basic('nobody', 'bob-password-123'),
      'Basic !!!',
      undefined,
    ]) {
      await expect(env.authenticator.authenticate(header)).rejects.toMatchObject({
        code: 'UNAUTHENTICATED',
      });
    }
    const audit = await sqlStores(env.database).audit.search({
      action: 'login.failed',
      limit: 10,
      offset: 0,
    });
    expect(audit.items.map((e) => e.resourceId).sort()).toEqual(['bob', 'nobody']);
    expect(JSON.stringify(audit.items)).not.toContain('wrong-password-1');
  });

  it('stops accepting an old password as soon as it is changed here', async () => {
    const old = basic('bob', 'bob-password-123');
    await env.authenticator.authenticate(old);
    await env.users.update(ADMIN, 'bob', { password: 'bob-new-password-456' });
    await expect(env.authenticator.authenticate(old)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    await expect(
      env.authenticator.authenticate(basic('bob', 'bob-new-password-456')),
    ).resolves.toMatchObject({ username: 'bob' });
  });

  it('knows a user by token until it is revoked or expires', async () => {
    const bob = await env.authenticator.authenticate(basic('bob', 'bob-password-123'));
    const forever = await env.users.createToken(bob, { name: 'ci' });
    const daily = await env.users.createToken(bob, { name: 'short', expiresInDays: 1 });
    expect(forever.secret).toMatch(/^slw_[A-Za-z0-9_-]{43}$/u);
    await expect(env.authenticator.authenticate(`Bearer ${forever.secret}`)).resolves.toMatchObject(
      { username: 'bob', via: 'token', tokenId: forever.token.id },
    );
    await env.users.revokeToken(bob, forever.token.id);
    await expect(env.authenticator.authenticate(`Bearer ${forever.secret}`)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    await expect(env.authenticator.authenticate(`Bearer ${daily.secret}`)).resolves.toMatchObject({
      username: 'bob',
    });
    env.now += 86_400_000 + 1;
    await expect(env.authenticator.authenticate(`Bearer ${daily.secret}`)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });

  it('is the anonymous admin for everyone when authentication is off', async () => {
    const off = new Authenticator({
      users: sqlStores(env.database).users,
      audit: sqlStores(env.database).audit,
      clock: { now: () => env.now },
      enabled: false,
    });
    await expect(off.authenticate(undefined)).resolves.toMatchObject({
      username: 'anonymous',
      isAdmin: true,
      via: 'none',
    });
  });

  it('keeps the last admin', async () => {
    await expect(env.users.update(ADMIN, 'admin', { isAdmin: false })).rejects.toMatchObject({
      code: 'FAILED_PRECONDITION',
    });
    await expect(env.users.delete(ADMIN, 'admin')).rejects.toMatchObject({
      code: 'FAILED_PRECONDITION',
    });
  });

  it('refuses to start open: no admin and no password with authentication on', async () => {
    const fresh = await sqliteBackend.create();
    try {
      const stores = sqlStores(fresh.database);
      const clock = { now: () => env.now };
      const uow = new SqlUnitOfWork(fresh.database);
      const authenticator = new Authenticator({
        users: stores.users,
        audit: stores.audit,
        clock,
        enabled: true,
      });
      const access = new AccessService({
        permissions: stores.permissions,
        users: stores.users,
        uow,
        clock,
        defaultPermission: 'READ',
      });
      const users = new UserService(stores.users, uow, clock, authenticator, access);
      await expect(users.bootstrapAdmin('admin', undefined, true)).rejects.toThrow(
        /SLIPWAY_ADMIN_PASSWORD/u,
      );
      await expect(users.bootstrapAdmin('admin', 'short', true)).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
      await expect(users.bootstrapAdmin('admin', 'long-enough-password', true)).resolves.toBe(
        'created',
      );
      await expect(users.bootstrapAdmin('admin', undefined, true)).resolves.toBe('exists');
    } finally {
      await fresh.dispose();
    }
  });
});
