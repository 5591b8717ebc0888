import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '@slipway/cli';
import { loadServerConfig, startServer } from '@slipway/server';
import type { RunningServer } from '@slipway/server';
import type { CliResult } from './cli-harness.js';

const ADMIN_PASSWORD = 'admin-password-123';
const BOB_PASSWORD = 'bob-password-1234';
const ALICE_PASSWORD = 'alice-password-1234';

let server: RunningServer;
let dir: string;
let adminEnv: Record<string, string>;
let bobEnv: Record<string, string>;
let aliceEnv: Record<string, string>;

/** `slipway <args>` in-process; `stdin` is what a pipe would deliver, in the chunks given. */
async function run(
  args: string[],
  env: Record<string, string>,
  stdin: string[] = [],
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'slipway', ...args], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
    stdin: (async function* () {
      for (const chunk of stdin) yield new TextEncoder().encode(chunk);
    })(),
  });
  return { code, stdout, stderr };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function runJson(args: string[], env: Record<string, string>): Promise<any> {
  const result = await run([...args, '--json'], env);
  if (result.code !== 0) {
    throw new Error(`slipway ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  }
  return JSON.parse(result.stdout);
}

function expectOneErrorLine(stderr: string): void {
  expect(stderr).toMatch(/^error: .+\n$/u);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'slipway-cli-auth-'));
  server = await startServer(
    loadServerConfig(
      {
        port: 0,
        dataDir: join(dir, 'data'),
        logLevel: 'silent',
        auth: 'on',
        adminPassword: ADMIN_PASSWORD,
      },
      {},
    ),
  );
  const url = server.url;
  adminEnv = { SLIPWAY_URL: url, SLIPWAY_USERNAME: 'admin', SLIPWAY_PASSWORD: ADMIN_PASSWORD };
  bobEnv = { SLIPWAY_URL: url, SLIPWAY_USERNAME: 'bob', SLIPWAY_PASSWORD: BOB_PASSWORD };
  aliceEnv = { SLIPWAY_URL: url, SLIPWAY_USERNAME: 'alice', SLIPWAY_PASSWORD: ALICE_PASSWORD };
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('credentials', () => {
  it('refuses a command without credentials, saying how to authenticate', async () => {
    const res = await run(['experiments', 'list'], { SLIPWAY_URL: server.url });
    expect(res.code).toBe(1);
    expectOneErrorLine(res.stderr);
    expect(res.stderr).toContain('requires credentials');
    expect(res.stderr).toContain('SLIPWAY_USERNAME and SLIPWAY_PASSWORD');
    expect(res.stderr).toContain('SLIPWAY_TOKEN');
    expect(res.stdout).toBe('');
  });

  it('signs in with SLIPWAY_USERNAME and SLIPWAY_PASSWORD', async () => {
    const human = await run(['whoami'], adminEnv);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^User:\s+admin$/mu);
    expect(human.stdout).toMatch(/^Admin:\s+yes$/mu);
    expect(human.stdout).toMatch(/authentication on/u);
    expect(await runJson(['whoami'], adminEnv)).toMatchObject({
      username: 'admin',
      isAdmin: true,
      via: 'password',
    });
  });

  it('names the variables that held refused credentials, never their values', async () => {
    const res = await run(['whoami'], { ...adminEnv, SLIPWAY_PASSWORD: 'wrong-password-xyz' });
    expect(res.code).toBe(1);
    expectOneErrorLine(res.stderr);
    expect(res.stderr).toContain('Invalid username or password');
    expect(res.stderr).toContain('SLIPWAY_USERNAME and SLIPWAY_PASSWORD');
    expect(res.stderr).not.toContain('wrong-password-xyz');
  });

  it('treats half a username/password pair as a usage error', async () => {
    const res = await run(['whoami'], { SLIPWAY_URL: server.url, SLIPWAY_USERNAME: 'admin' });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('SLIPWAY_PASSWORD is not');
    const url = await run(['whoami', '--url', server.url.replace('//', '//admin:pw@')], adminEnv);
    expect(url.code).toBe(2);
    expect(url.stderr).toContain('must not contain credentials');
  });

  it("documents where credentials come from in whoami's help", async () => {
    const help = await run(['whoami', '--help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('MLFLOW_TRACKING_TOKEN');
    expect(help.stdout).toContain('SLIPWAY_TOKEN wins over SLIPWAY_USERNAME');
  });
});

describe('slipway users', () => {
  it('creates users with the password from stdin or SLIPWAY_NEW_PASSWORD', async () => {
    // Split across chunks, with a Windows line end: only the first line is the password.
    const bob = await run(['users', 'create', 'bob', '--password-stdin'], adminEnv, [
      'bob-pass',
      `${BOB_PASSWORD.slice(8)}\r\n`,
      'ignored\n',
    ]);
    expect(bob.stderr).toBe('');
    expect(bob.code).toBe(0);
    expect(bob.stdout).toMatch(/^Created user 'bob'/u);
    expect((await runJson(['whoami'], bobEnv)).username).toBe('bob');

    const alice = await runJson(['users', 'create', 'alice'], {
      ...adminEnv,
      SLIPWAY_NEW_PASSWORD: ALICE_PASSWORD,
    });
    expect(alice).toMatchObject({ username: 'alice', isAdmin: false });
    expect((await runJson(['whoami'], aliceEnv)).username).toBe('alice');
  });

  it('refuses to create a user without a password source', async () => {
    const none = await run(['users', 'create', 'carol'], adminEnv);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--password-stdin');
    expect(none.stderr).toContain('SLIPWAY_NEW_PASSWORD');
    const empty = await run(['users', 'create', 'carol', '--password-stdin'], adminEnv, []);
    expect(empty.code).toBe(2);
    const flag = await run(
      ['users', 'create', 'carol', '--password', 'carol-password-1'],
      adminEnv,
    );
    expect(flag.code).toBe(2);
  });

  it('lists, gets, changes and deletes users', async () => {
    const list = await run(['users', 'list'], adminEnv);
    expect(list.stdout.split('\n')[0]).toMatch(/^USERNAME\s+ADMIN\s+CREATED$/u);
    expect(list.stdout).toMatch(/^bob\s+no\s+\d{4}-/mu);
    const paged = await runJson(['users', 'list', '--max-results', '1'], adminEnv);
    expect(paged.users.map((u: { username: string }) => u.username)).toEqual(['admin']);
    expect(paged.nextPageToken).toBeTypeOf('string');

    const get = await run(['users', 'get', 'bob'], bobEnv);
    expect(get.stdout).toMatch(/^User:\s+bob$/mu);
    const denied = await run(['users', 'list'], bobEnv);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain('only admins');

    await runJson(['users', 'create', 'carol'], {
      ...adminEnv,
      SLIPWAY_NEW_PASSWORD: 'carol-password-1',
    });
    const carolEnv = {
      SLIPWAY_URL: server.url,
      SLIPWAY_USERNAME: 'carol',
      SLIPWAY_PASSWORD: 'carol-password-2',
    };
    const changed = await run(['users', 'set-password', 'carol', '--password-stdin'], adminEnv, [
      'carol-password-2\n',
    ]);
    expect(changed.stdout).toContain("Changed the password of 'carol'");
    expect((await runJson(['whoami'], carolEnv)).username).toBe('carol');

    expect((await run(['users', 'set-admin', 'carol', 'true'], adminEnv)).stdout).toContain(
      "'carol' is now an admin",
    );
    expect((await runJson(['whoami'], carolEnv)).isAdmin).toBe(true);
    expect((await runJson(['users', 'set-admin', 'carol', 'false'], adminEnv)).isAdmin).toBe(false);
    expect((await run(['users', 'set-admin', 'carol', 'maybe'], adminEnv)).code).toBe(2);

    expect((await run(['users', 'delete', 'carol'], adminEnv)).code).toBe(0);
    expect((await run(['whoami'], carolEnv)).code).toBe(1);
  });
});

describe('slipway tokens', () => {
  it('prints a secret once that then works as SLIPWAY_TOKEN, until revoked', async () => {
    const created = await run(['tokens', 'create', '--name', 'ci'], bobEnv);
    expect(created.code).toBe(0);
    const secret = /^(slw_\S+)$/mu.exec(created.stdout)?.[1];
    expect(secret).toBeDefined();
    expect(created.stdout).toContain('will not be shown again');
    const id = /\(id (\S+)\)/u.exec(created.stdout)?.[1] as string;

    const tokenEnv = { SLIPWAY_URL: server.url, SLIPWAY_TOKEN: secret as string };
    expect(await runJson(['whoami'], tokenEnv)).toMatchObject({
      username: 'bob',
      via: 'token',
      tokenId: id,
    });
    // A token wins over a username and password set beside it.
    const both = await runJson(['whoami'], {
      ...tokenEnv,
      SLIPWAY_USERNAME: 'alice',
      SLIPWAY_PASSWORD: 'x',
    });
    expect(both.via).toBe('token');

    const list = await run(['tokens', 'list'], bobEnv);
    expect(list.stdout).toMatch(new RegExp(`^${id}\\s+ci\\s+bob\\s+.*never\\s+active$`, 'mu'));
    expect(list.stdout).not.toContain(secret);

    expect((await run(['tokens', 'revoke', id], bobEnv)).stdout).toContain(`Revoked token ${id}`);
    const refused = await run(['whoami'], tokenEnv);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('credentials from SLIPWAY_TOKEN');
    expect((await runJson(['tokens', 'list'], bobEnv)).tokens[0].revokedAt).toBeTypeOf('number');
  });

  it('includes the secret in --json, with an expiry, and for another user as an admin', async () => {
    const created = await runJson(
      ['tokens', 'create', '--name', 'nightly', '--expires-in-days', '7', '--user', 'alice'],
      adminEnv,
    );
    expect(created.secret).toMatch(/^slw_/u);
    expect(created.token).toMatchObject({ username: 'alice', name: 'nightly' });
    expect(created.token.expiresAt - created.token.createdAt).toBe(7 * 86_400_000);
    const whoami = await runJson(['whoami'], {
      SLIPWAY_URL: server.url,
      MLFLOW_TRACKING_TOKEN: created.secret,
    });
    expect(whoami).toMatchObject({ username: 'alice', via: 'token' });
    const listed = await runJson(['tokens', 'list', '--user', 'alice'], adminEnv);
    expect(listed.tokens.map((t: { name: string }) => t.name)).toEqual(['nightly']);
    expect((await run(['tokens', 'create'], bobEnv)).code).toBe(2);
  });
});

describe('MLflow variables', () => {
  it('work as a fallback for SLIPWAY_USERNAME and SLIPWAY_PASSWORD', async () => {
    const env = {
      SLIPWAY_URL: server.url,
      MLFLOW_TRACKING_USERNAME: 'bob',
      MLFLOW_TRACKING_PASSWORD: BOB_PASSWORD,
    };
    expect(await runJson(['whoami'], env)).toMatchObject({ username: 'bob', via: 'password' });
    // The SLIPWAY_ variables win when both are set.
    expect((await runJson(['whoami'], { ...env, ...aliceEnv })).username).toBe('alice');
  });
});

describe('slipway permissions and audit', () => {
  it('grant, list and remove permissions, and the audit log shows it', async () => {
    const since = new Date().toISOString();
    const created = await run(['experiments', 'create', 'bobs-exp'], bobEnv);
    const id = /with id (\d+)/u.exec(created.stdout)?.[1] as string;
    expect(id).toBeDefined();

    expect((await runJson(['permissions', 'list', 'experiment', id], bobEnv)).permissions).toEqual([
      { resourceType: 'experiment', resourceId: id, username: 'bob', permission: 'MANAGE' },
    ]);
    const refused = await run(['experiments', 'rename', id, 'by-alice'], aliceEnv);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Permission denied');

    const set = await run(['permissions', 'set', 'experiment', id, 'alice', 'edit'], bobEnv);
    expect(set.stdout).toContain(`alice now has EDIT on experiment '${id}'`);
    const table = await run(['permissions', 'list', 'experiment', id], bobEnv);
    expect(table.stdout).toMatch(/^USER\s+PERMISSION$/mu);
    expect(table.stdout).toMatch(/^alice\s+EDIT$/mu);
    expect((await run(['experiments', 'rename', id, 'by-alice'], aliceEnv)).code).toBe(0);

    const removed = await run(['permissions', 'remove', 'experiment', id, 'alice'], bobEnv);
    expect(removed.stdout).toContain("Removed alice's permission");
    expect((await run(['experiments', 'rename', id, 'again'], aliceEnv)).code).toBe(1);

    await run(['models', 'create', 'bobs-model'], bobEnv);
    const model = await runJson(
      ['permissions', 'set', 'model', 'bobs-model', 'alice', 'READ'],
      bobEnv,
    );
    expect(model).toMatchObject({ resourceType: 'registered_model', resourceId: 'bobs-model' });

    const audit = await run(['audit', '--since', since], adminEnv);
    expect(audit.code).toBe(0);
    const lines = audit.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^TIME\s+ACTOR\s+ACTION\s+RESOURCE\s+CHANGE$/u);
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^\\d{4}-\\d\\d-\\d\\dT\\S+Z\\s+bob\\s+experiment\\.create\\s+experiment/${id}\\s+∅ → \\{.*"bobs-exp"`,
          'u',
        ),
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `\\s+bob\\s+permission\\.set\\s+permission/experiment/${id}/alice\\s+∅ → \\{.*"EDIT"`,
          'u',
        ),
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/\s+alice\s+experiment\.rename\s+.*→ \{.*"by-alice"/u),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/\s+bob\s+permission\.delete\s+.*\{.*"EDIT".*\} → ∅$/u),
    );
    // Newest first: the model permission came last.
    expect(lines[1]).toContain('permission.set');
    expect(lines[1]).toContain('bobs-model');

    const filtered = await runJson(
      ['audit', '--actor', 'bob', '--action', 'permission.', '--max-results', '1'],
      adminEnv,
    );
    expect(filtered.events).toHaveLength(1);
    expect(filtered.events[0]).toMatchObject({ actor: 'bob', action: 'permission.set' });
    expect(filtered.nextPageToken).toBeTypeOf('string');
    const byAlice = await runJson(['audit'], aliceEnv);
    expect(byAlice.events.length).toBeGreaterThan(0);
    expect(byAlice.events.every((e: { actor: string }) => e.actor === 'alice')).toBe(true);
    const future = await runJson(['audit', '--since', String(Date.now() + 60_000)], adminEnv);
    expect(future.events).toEqual([]);
  });

  it('rejects unknown permissions, types and times with exit code 2', async () => {
    const admin = await run(['permissions', 'set', 'experiment', '1', 'bob', 'ADMIN'], adminEnv);
    expect(admin.code).toBe(2);
    expectOneErrorLine(admin.stderr);
    expect(admin.stderr).toContain('READ, EDIT, MANAGE, NO_PERMISSIONS');
    expect(admin.stderr).toContain('users set-admin');
    const type = await run(['permissions', 'list', 'run', '1'], adminEnv);
    expect(type.code).toBe(2);
    expect(type.stderr).toContain('experiment, model or deployment');
    const since = await run(['audit', '--since', 'yesterday'], adminEnv);
    expect(since.code).toBe(2);
    expect(since.stderr).toContain('ISO 8601');
    const order = await run(['audit', '--since', '2025-06-02', '--until', '2025-06-01'], adminEnv);
    expect(order.code).toBe(2);
    expect(order.stderr).toContain('is after --until');
    expect((await run(['audit', '--resource-type', 'planet'], adminEnv)).code).toBe(2);
  });
});
