import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig, startServer } from '@slipway/server';
import type { RunningServer } from '@slipway/server';
import { SlipwayClient, SlipwayError } from '@slipway/sdk';
import type { ErrorCode } from '@slipway/sdk';

const ADMIN_PASSWORD = 'admin-password-123';
const BOB_PASSWORD = 'bob-password-1234';
const ALICE_PASSWORD = 'alice-password-1234';

let server: RunningServer;
let dataDir: string;
let admin: SlipwayClient;
let bob: SlipwayClient;
let alice: SlipwayClient;

function as(username: string, password: string): SlipwayClient {
  return new SlipwayClient({ baseUrl: server.url, username, password });
}

async function failsWith(promise: Promise<unknown>, code: ErrorCode): Promise<SlipwayError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(SlipwayError);
    expect((err as SlipwayError).code).toBe(code);
    return err as SlipwayError;
  }
  throw new Error(`expected ${code}, but the call succeeded`);
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'slipway-sdk-auth-'));
  server = await startServer(
    loadServerConfig(
      { port: 0, dataDir, logLevel: 'silent', auth: 'on', adminPassword: ADMIN_PASSWORD },
      {},
    ),
  );
  admin = as('admin', ADMIN_PASSWORD);
  await admin.users.create({ username: 'bob', password: BOB_PASSWORD });
  await admin.users.create({ username: 'alice', password: ALICE_PASSWORD });
  bob = as('bob', BOB_PASSWORD);
  alice = as('alice', ALICE_PASSWORD);
});
afterAll(async () => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('authentication', () => {
  it('refuses requests without credentials or with a wrong password', async () => {
    const anonymous = new SlipwayClient({ baseUrl: server.url });
    const missing = await failsWith(anonymous.auth.whoAmI(), 'UNAUTHENTICATED');
    expect(missing.message).toContain('Bearer');
    await failsWith(anonymous.experiments.search(), 'UNAUTHENTICATED');
    await failsWith(as('admin', 'not-the-password').auth.whoAmI(), 'UNAUTHENTICATED');
    await failsWith(as('nobody', ADMIN_PASSWORD).auth.whoAmI(), 'UNAUTHENTICATED');
  });

  it('signs in with HTTP Basic, UTF-8 passwords included', async () => {
    expect(await admin.auth.whoAmI()).toMatchObject({
      username: 'admin',
      isAdmin: true,
      via: 'password',
      authEnabled: true,
    });
    // Non-ASCII bytes must reach the server as UTF-8, which is how it decodes Basic credentials.
    await admin.users.create({ username: 'zoe', password: 'pässwörd-ünïcode-€' });
    expect(await as('zoe', 'pässwörd-ünïcode-€').auth.whoAmI()).toMatchObject({
      username: 'zoe',
      isAdmin: false,
    });
  });

  it('authenticates with a token until it is revoked', async () => {
    const { token, secret } = await bob.tokens.create({ name: 'ci' });
    expect(secret).toMatch(/^slw_/u);
    expect(token).toMatchObject({ username: 'bob', name: 'ci' });
    expect(token.expiresAt).toBeUndefined();

    const viaToken = new SlipwayClient({ baseUrl: server.url, token: secret });
    expect(await viaToken.auth.whoAmI()).toMatchObject({
      username: 'bob',
      via: 'token',
      tokenId: token.id,
    });
    expect((await bob.tokens.list()).map((t) => t.id)).toContain(token.id);
    expect((await admin.tokens.list({ username: 'bob' })).map((t) => t.id)).toContain(token.id);
    // The listing never carries the secret.
    expect(JSON.stringify(await bob.tokens.list())).not.toContain(secret);

    await bob.tokens.revoke(token.id);
    await failsWith(viaToken.auth.whoAmI(), 'UNAUTHENTICATED');
    const listed = (await bob.tokens.list()).find((t) => t.id === token.id);
    expect(listed?.revokedAt).toBeTypeOf('number');
  });

  it('issues tokens that expire after the days asked for', async () => {
    const { token, secret } = await bob.tokens.create({ name: 'nightly', expiresInDays: 2 });
    expect(token.expiresAt).toBe(token.createdAt + 2 * 86_400_000);
    const viaToken = new SlipwayClient({ baseUrl: server.url, token: secret });
    expect((await viaToken.auth.whoAmI()).username).toBe('bob');
  });

  it('lets admins create tokens for other users', async () => {
    const { token, secret } = await admin.tokens.create({ name: 'for-alice', username: 'alice' });
    expect(token.username).toBe('alice');
    const viaToken = new SlipwayClient({ baseUrl: server.url, token: secret });
    expect((await viaToken.auth.whoAmI()).username).toBe('alice');
    await failsWith(bob.tokens.create({ name: 'x', username: 'alice' }), 'PERMISSION_DENIED');
  });
});

describe('client credentials', () => {
  it('refuses a token together with a password, without echoing either', () => {
    const build = () =>
      new SlipwayClient({
        baseUrl: server.url,
        token: 'slw_secret-token-value',
        username: 'bob',
        password: 'secret-password-value',
      });
    expect(build).toThrow(SlipwayError);
    try {
      build();
    } catch (err) {
      expect((err as SlipwayError).code).toBe('INVALID_ARGUMENT');
      expect((err as Error).message).not.toContain('secret-token-value');
      expect((err as Error).message).not.toContain('secret-password-value');
    }
  });

  it('refuses half a Basic credential and credentials in the URL', () => {
    expect(() => new SlipwayClient({ baseUrl: server.url, username: 'bob' })).toThrow(
      /without a password/u,
    );
    expect(() => new SlipwayClient({ baseUrl: server.url, password: 'p' })).toThrow(
      /without a username/u,
    );
    expect(
      () => new SlipwayClient({ baseUrl: server.url, username: 'a:b', password: 'p' }),
    ).toThrow(/cannot contain ":"/u);
    const withUserinfo = server.url.replace('http://', 'http://bob:hunter2-password@');
    try {
      new SlipwayClient({ baseUrl: withUserinfo });
      throw new Error('expected a refusal');
    } catch (err) {
      expect((err as SlipwayError).code).toBe('INVALID_ARGUMENT');
      expect((err as Error).message).not.toContain('hunter2');
    }
  });
});

describe('users', () => {
  it('are managed by admins only', async () => {
    await failsWith(bob.users.list(), 'PERMISSION_DENIED');
    await failsWith(
      bob.users.create({ username: 'eve', password: 'eve-password-123' }),
      'PERMISSION_DENIED',
    );
    await failsWith(bob.users.get('alice'), 'PERMISSION_DENIED');
    expect(await bob.users.get('bob')).toMatchObject({ username: 'bob', isAdmin: false });

    const first = await admin.users.list({ maxResults: 2 });
    expect(first.users.map((u) => u.username)).toEqual(['admin', 'alice']);
    expect(first.nextPageToken).toBeDefined();
    const rest = await admin.users.list({ pageToken: first.nextPageToken as string });
    expect(rest.users.map((u) => u.username)).toContain('bob');
  });

  it('change passwords and the admin flag, and are deleted', async () => {
    const carol = await admin.users.create({ username: 'carol', password: 'carol-password-1' });
    expect(carol.isAdmin).toBe(false);
    await as('carol', 'carol-password-1').users.update('carol', { password: 'carol-password-2' });
    await failsWith(as('carol', 'carol-password-1').auth.whoAmI(), 'UNAUTHENTICATED');
    const carolNow = as('carol', 'carol-password-2');
    expect((await carolNow.auth.whoAmI()).isAdmin).toBe(false);
    await failsWith(carolNow.users.update('carol', { isAdmin: true }), 'PERMISSION_DENIED');

    expect((await admin.users.update('carol', { isAdmin: true })).isAdmin).toBe(true);
    expect((await carolNow.auth.whoAmI()).isAdmin).toBe(true);
    await admin.users.delete('carol');
    await failsWith(admin.users.get('carol'), 'NOT_FOUND');
    await failsWith(carolNow.auth.whoAmI(), 'UNAUTHENTICATED');
  });
});

describe('permissions', () => {
  it('let the creator of an experiment decide who may change it', async () => {
    const exp = await bob.experiments.create({ name: 'bobs-experiment' });
    const id = exp.experimentId;
    expect(await bob.permissions.list('experiment', id)).toEqual([
      { resourceType: 'experiment', resourceId: id, username: 'bob', permission: 'MANAGE' },
    ]);

    // The server's default (READ) lets alice read but not change it.
    expect((await alice.experiments.get(id)).name).toBe('bobs-experiment');
    const denied = await failsWith(alice.experiments.rename(id, 'hijacked'), 'PERMISSION_DENIED');
    expect(denied.message).toContain('EDIT');
    await failsWith(alice.permissions.list('experiment', id), 'PERMISSION_DENIED');

    const grant = await bob.permissions.set('experiment', id, 'alice', 'EDIT');
    expect(grant).toEqual({
      resourceType: 'experiment',
      resourceId: id,
      username: 'alice',
      permission: 'EDIT',
    });
    expect((await alice.experiments.rename(id, 'renamed-by-alice')).name).toBe('renamed-by-alice');
    expect((await admin.users.permissions('alice')).permissions).toContainEqual(grant);
    const own = await alice.users.permissions('alice');
    expect(own.defaultPermission).toBe('READ');

    await bob.permissions.remove('experiment', id, 'alice');
    expect((await bob.permissions.list('experiment', id)).map((g) => g.username)).toEqual(['bob']);
    await failsWith(alice.experiments.rename(id, 'again'), 'PERMISSION_DENIED');

    await bob.permissions.set('experiment', id, 'alice', 'NO_PERMISSIONS');
    await failsWith(alice.experiments.get(id), 'PERMISSION_DENIED');
  });

  it('choose the route by resource type', async () => {
    await bob.models.create({ name: 'bobs-model' });
    await failsWith(alice.models.updateDescription('bobs-model', 'x'), 'PERMISSION_DENIED');
    const grant = await bob.permissions.set('registered_model', 'bobs-model', 'alice', 'EDIT');
    expect(grant.resourceType).toBe('registered_model');
    await alice.models.updateDescription('bobs-model', 'described by alice');
    expect((await bob.models.get('bobs-model')).description).toBe('described by alice');

    const deployment = await admin.permissions.set('deployment', 'fraud', 'alice', 'READ');
    expect(deployment).toMatchObject({ resourceType: 'deployment', resourceId: 'fraud' });
    expect(await admin.permissions.list('deployment', 'fraud')).toEqual([deployment]);
    await admin.permissions.remove('deployment', 'fraud', 'alice');
    expect(await admin.permissions.list('deployment', 'fraud')).toEqual([]);

    const unknown = () => bob.permissions.list('run' as 'experiment', '1');
    await failsWith(unknown(), 'INVALID_ARGUMENT');
  });
});

describe('audit', () => {
  it("shows admins everyone's changes and other users their own", async () => {
    const exp = await bob.experiments.create({ name: 'audited-experiment' });
    const { events } = await admin.audit.search({
      action: 'experiment.create',
      resourceType: 'experiment',
      resourceId: exp.experimentId,
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor: 'bob',
      action: 'experiment.create',
      resourceType: 'experiment',
      resourceId: exp.experimentId,
    });
    expect(events[0]?.after).toMatchObject({ name: 'audited-experiment' });

    const byAdmin = await admin.audit.search({ maxResults: 1000 });
    const actors = new Set(byAdmin.events.map((e) => e.actor));
    expect(actors).toContain('admin');
    expect(actors).toContain('bob');
    const own = await bob.audit.search({ maxResults: 1000 });
    expect(own.events.length).toBeGreaterThan(0);
    expect(own.events.every((e) => e.actor === 'bob')).toBe(true);
    // Asking for someone else's actions still only returns one's own.
    const others = await bob.audit.search({ actor: 'admin' });
    expect(others.events.every((e) => e.actor === 'bob')).toBe(true);
  });

  it('filters by time and pages, newest first', async () => {
    const before = Date.now();
    await bob.experiments.create({ name: 'timed-1' });
    await bob.experiments.create({ name: 'timed-2' });
    const page = await bob.audit.search({
      action: 'experiment.',
      from: new Date(before),
      maxResults: 1,
    });
    expect(page.events.map((e) => e.after?.name)).toEqual(['timed-2']);
    expect(page.nextPageToken).toBeDefined();
    const next = await bob.audit.search({
      action: 'experiment.',
      from: before,
      maxResults: 1,
      pageToken: page.nextPageToken as string,
    });
    expect(next.events.map((e) => e.after?.name)).toEqual(['timed-1']);
    expect(
      (await bob.audit.search({ to: before - 60_000, from: before - 120_000 })).events,
    ).toEqual([]);
  });
});
