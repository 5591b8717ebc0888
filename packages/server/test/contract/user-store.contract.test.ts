import { describe, expect, it } from 'vitest';
import { SQL_BACKENDS } from '../support/sql-backends.js';
import { newToken, newUser, sha256, useAccessEnv } from './access-fixtures.js';
import { expectSlipwayError } from './tracking-fixtures.js';

describe.each(SQL_BACKENDS)('UserStore contract ($name)', (backend) => {
  const env = useAccessEnv(backend);

  describe('users', () => {
    it('creates a user and reads it back by name and by id', async () => {
      const created = await env.users.createUser({
        username: 'alice',
        passwordHash: 'scrypt$abc',
        isAdmin: true,
        time: 1_234,
      });
      expect(created).toEqual({
        id: expect.any(Number) as number,
        username: 'alice',
        passwordHash: 'scrypt$abc',
        isAdmin: true,
        createdAt: 1_234,
        updatedAt: 1_234,
      });
      expect(await env.users.getUser('alice')).toEqual(created);
      expect(await env.users.getUserById(created.id)).toEqual(created);
      const bob = await newUser(env, 'bob');
      expect(bob.id).not.toBe(created.id);
      expect(bob.isAdmin).toBe(false);
      expect(await env.users.getUserById(bob.id)).toEqual(bob);
    });

    it('returns undefined for unknown users', async () => {
      await newUser(env, 'alice');
      expect(await env.users.getUser('nobody')).toBeUndefined();
      expect(await env.users.getUser('ALICE')).toBeUndefined();
      expect(await env.users.getUserById(987_654)).toBeUndefined();
    });

    it('refuses a duplicate username with ALREADY_EXISTS and keeps the first user', async () => {
      const first = await newUser(env, 'alice', { isAdmin: true });
      await expectSlipwayError(
        env.users.createUser({ username: 'alice', passwordHash: 'other', isAdmin: false, time: 9 }),
        'ALREADY_EXISTS',
        'alice',
      );
      expect(await env.users.getUser('alice')).toEqual(first);
      const page = await env.users.listUsers({ limit: 10, offset: 0 });
      expect(page.items).toHaveLength(1);
    });

    it('round-trips usernames with unicode and quotes, and stores the hash verbatim', async () => {
      const names = ["o'brien", 'say "hi"', 'ünïcödé-名前-😀', 'back\\slash; DROP TABLE users;--'];
      const hash = 'scrypt$N=16384,r=8,p=1$c2FsdA==$ZGVyaXZlZA==\u00e9 \'"\\ trailing ';
      for (const username of names) {
        const user = await env.users.createUser({
          username,
          passwordHash: hash,
          isAdmin: false,
          time: 1,
        });
        expect(user.username).toBe(username);
        const read = await env.users.getUser(username);
        expect(read?.username).toBe(username);
        expect(read?.passwordHash).toBe(hash);
        expect((await env.users.getUserById(user.id))?.username).toBe(username);
      }
      const listed = await env.users.listUsers({ limit: 10, offset: 0 });
      expect(listed.items.map((u) => u.username).sort()).toEqual([...names].sort());
    });

    it('lists users ordered by username (bytewise) with paging', async () => {
      // Created out of order, with an upper-case name that sorts first bytewise.
      for (const name of ['dave', 'bob', 'Zed', 'carol', 'alice']) await newUser(env, name);
      const all = await env.users.listUsers({ limit: 100, offset: 0 });
      expect(all.items.map((u) => u.username)).toEqual(['Zed', 'alice', 'bob', 'carol', 'dave']);
      expect(all.nextOffset).toBeUndefined();

      const first = await env.users.listUsers({ limit: 2, offset: 0 });
      expect(first.items.map((u) => u.username)).toEqual(['Zed', 'alice']);
      expect(first.nextOffset).toBe(2);
      const second = await env.users.listUsers({ limit: 2, offset: first.nextOffset ?? -1 });
      expect(second.items.map((u) => u.username)).toEqual(['bob', 'carol']);
      expect(second.nextOffset).toBe(4);
      const third = await env.users.listUsers({ limit: 2, offset: second.nextOffset ?? -1 });
      expect(third.items.map((u) => u.username)).toEqual(['dave']);
      expect(third.nextOffset).toBeUndefined();

      // Exactly a full page left: no further page is announced.
      const exact = await env.users.listUsers({ limit: 5, offset: 0 });
      expect(exact.items).toHaveLength(5);
      expect(exact.nextOffset).toBeUndefined();
    });

    it('lists nothing on an empty store', async () => {
      expect(await env.users.listUsers({ limit: 10, offset: 0 })).toEqual({ items: [] });
    });

    it('updates the password hash and admin flag, bumping updatedAt only', async () => {
      const alice = await newUser(env, 'alice', { time: 100 });
      const rehashed = await env.users.updateUser('alice', { passwordHash: 'scrypt$new' }, 200);
      expect(rehashed).toEqual({
        ...alice,
        passwordHash: 'scrypt$new',
        updatedAt: 200,
      });
      const promoted = await env.users.updateUser('alice', { isAdmin: true }, 300);
      expect(promoted).toEqual({
        ...alice,
        passwordHash: 'scrypt$new',
        isAdmin: true,
        updatedAt: 300,
      });
      expect(await env.users.getUser('alice')).toEqual(promoted);
      const demoted = await env.users.updateUser('alice', { isAdmin: false }, 400);
      expect(demoted.isAdmin).toBe(false);
      expect(demoted.createdAt).toBe(100);
      expect(demoted.updatedAt).toBe(400);
    });

    it('leaves other users untouched by an update', async () => {
      await newUser(env, 'alice');
      const bob = await newUser(env, 'bob');
      await env.users.updateUser('alice', { passwordHash: 'x', isAdmin: true }, 5_000);
      expect(await env.users.getUser('bob')).toEqual(bob);
    });

    it('fails updating an unknown user with NOT_FOUND', async () => {
      await newUser(env, 'alice');
      await expectSlipwayError(
        env.users.updateUser('nobody', { isAdmin: true }, 2),
        'NOT_FOUND',
        'nobody',
      );
    });

    it('counts admins', async () => {
      expect(await env.users.countAdmins()).toBe(0);
      await newUser(env, 'root', { isAdmin: true });
      await newUser(env, 'alice');
      await newUser(env, 'ops', { isAdmin: true });
      expect(await env.users.countAdmins()).toBe(2);
      await env.users.updateUser('ops', { isAdmin: false }, 2);
      expect(await env.users.countAdmins()).toBe(1);
      await env.users.deleteUser('root');
      expect(await env.users.countAdmins()).toBe(0);
    });
  });

  describe('deleteUser', () => {
    it('removes the user and fails with NOT_FOUND for an unknown one', async () => {
      const alice = await newUser(env, 'alice');
      const bob = await newUser(env, 'bob');
      await env.users.deleteUser('alice');
      expect(await env.users.getUser('alice')).toBeUndefined();
      expect(await env.users.getUserById(alice.id)).toBeUndefined();
      expect(await env.users.getUser('bob')).toEqual(bob);
      await expectSlipwayError(env.users.deleteUser('alice'), 'NOT_FOUND', 'alice');
      await expectSlipwayError(env.users.deleteUser('nobody'), 'NOT_FOUND', 'nobody');
    });

    it("deletes the user's tokens and permissions with it, and nobody else's", async () => {
      const alice = await newUser(env, 'alice');
      const bob = await newUser(env, 'bob');
      await newToken(env, alice.id, 'tok-a1');
      await newToken(env, alice.id, 'tok-a2');
      const bobToken = await newToken(env, bob.id, 'tok-b1');
      await env.permissions.create('experiment', '1', alice.id, 'MANAGE');
      await env.permissions.create('registered_model', 'm', alice.id, 'READ');
      await env.permissions.create('experiment', '1', bob.id, 'EDIT');

      await env.users.deleteUser('alice');

      expect(await env.users.findTokenByHash(sha256('tok-a1'))).toBeUndefined();
      expect(await env.users.findTokenByHash(sha256('tok-a2'))).toBeUndefined();
      expect(await env.users.getToken('tok-a1')).toBeUndefined();
      expect(await env.users.listTokens(alice.id)).toEqual([]);
      expect(await env.permissions.get('experiment', '1', alice.id)).toBeUndefined();
      expect(await env.permissions.get('registered_model', 'm', alice.id)).toBeUndefined();
      expect(await env.permissions.listForUser(alice.id)).toEqual([]);

      expect((await env.users.findTokenByHash(sha256('tok-b1')))?.token).toEqual(bobToken);
      expect(await env.permissions.get('experiment', '1', bob.id)).toBe('EDIT');
      expect(await env.permissions.listForResource('experiment', '1')).toEqual([
        {
          resourceType: 'experiment',
          resourceId: '1',
          userId: bob.id,
          username: 'bob',
          permission: 'EDIT',
        },
      ]);
    });

    it('frees the username for a new user with a new id', async () => {
      const first = await newUser(env, 'alice');
      await newToken(env, first.id, 'tok-old');
      await env.users.deleteUser('alice');
      const second = await newUser(env, 'alice');
      expect(second.id).not.toBe(first.id);
      expect(await env.users.listTokens(second.id)).toEqual([]);
    });
  });

  describe('tokens', () => {
    it('creates a token and finds it with its user by hash', async () => {
      const alice = await newUser(env, 'alice', { isAdmin: true });
      const token = await env.users.createToken({
        id: 'tok-1',
        userId: alice.id,
        name: 'CI pipeline',
        tokenHash: sha256('secret-1'),
        createdAt: 5_000,
        expiresAt: 9_000_000_000_000,
      });
      expect(token).toEqual({
        id: 'tok-1',
        userId: alice.id,
        username: 'alice',
        name: 'CI pipeline',
        createdAt: 5_000,
        expiresAt: 9_000_000_000_000,
      });
      expect(token).not.toHaveProperty('revokedAt');
      const found = await env.users.findTokenByHash(sha256('secret-1'));
      expect(found).toEqual({ token, user: alice });
      expect(await env.users.getToken('tok-1')).toEqual(token);
    });

    it('keeps a token without expiry without expiresAt', async () => {
      const alice = await newUser(env, 'alice');
      const token = await newToken(env, alice.id, 'tok-forever');
      expect(token).not.toHaveProperty('expiresAt');
      const found = await env.users.findTokenByHash(sha256('tok-forever'));
      expect(found?.token).toEqual(token);
      expect(found?.token).not.toHaveProperty('expiresAt');
    });

    it('returns undefined for an unknown hash or id', async () => {
      const alice = await newUser(env, 'alice');
      await newToken(env, alice.id, 'tok-1');
      expect(await env.users.findTokenByHash(sha256('not-a-token'))).toBeUndefined();
      expect(await env.users.findTokenByHash('')).toBeUndefined();
      expect(await env.users.getToken('tok-2')).toBeUndefined();
    });

    it('fails with NOT_FOUND for a token of an unknown user id', async () => {
      await newUser(env, 'alice');
      await expectSlipwayError(newToken(env, 424_242, 'tok-orphan'), 'NOT_FOUND');
      expect(await env.users.getToken('tok-orphan')).toBeUndefined();
      expect(await env.users.findTokenByHash(sha256('tok-orphan'))).toBeUndefined();
    });

    it('lists one user’s tokens newest first, revoked ones included', async () => {
      const alice = await newUser(env, 'alice');
      const bob = await newUser(env, 'bob');
      await newToken(env, alice.id, 'a-old', { createdAt: 100 });
      await newToken(env, alice.id, 'a-new', { createdAt: 300 });
      await newToken(env, alice.id, 'a-mid', { createdAt: 200 });
      await newToken(env, bob.id, 'b-newest', { createdAt: 999 });
      await env.users.revokeToken('a-mid', 250);

      const listed = await env.users.listTokens(alice.id);
      expect(listed.map((t) => t.id)).toEqual(['a-new', 'a-mid', 'a-old']);
      expect(listed.every((t) => t.userId === alice.id && t.username === 'alice')).toBe(true);
      expect(listed[1]?.revokedAt).toBe(250);
      expect((await env.users.listTokens(bob.id)).map((t) => t.id)).toEqual(['b-newest']);
      expect(await env.users.listTokens(31_337)).toEqual([]);
    });

    it('revokes a token once: a second revocation keeps the first time', async () => {
      const alice = await newUser(env, 'alice');
      const token = await newToken(env, alice.id, 'tok-1', { expiresAt: 50_000 });
      const revoked = await env.users.revokeToken('tok-1', 7_000);
      expect(revoked).toEqual({ ...token, revokedAt: 7_000 });
      const again = await env.users.revokeToken('tok-1', 8_000);
      expect(again.revokedAt).toBe(7_000);
      expect((await env.users.getToken('tok-1'))?.revokedAt).toBe(7_000);
      // Revoked tokens are still found by hash: the caller decides to refuse them.
      const found = await env.users.findTokenByHash(sha256('tok-1'));
      expect(found?.token).toEqual({ ...token, revokedAt: 7_000 });
      expect(found?.user).toEqual(alice);
    });

    it('revokes only the token named', async () => {
      const alice = await newUser(env, 'alice');
      await newToken(env, alice.id, 'tok-1');
      const other = await newToken(env, alice.id, 'tok-2');
      await env.users.revokeToken('tok-1', 10);
      expect(await env.users.getToken('tok-2')).toEqual(other);
    });

    it('fails revoking an unknown token with NOT_FOUND', async () => {
      await expectSlipwayError(env.users.revokeToken('nope', 1), 'NOT_FOUND', 'nope');
    });
  });
});
