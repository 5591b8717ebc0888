import { createHash } from 'node:crypto';
import { afterEach, beforeEach } from 'vitest';
import type { NewToken, StoredToken, StoredUser } from '@slipway/core';
import { SqlAuditStore } from '../../src/storage/sql/audit-store.js';
import { SqlJobLeaseStore } from '../../src/storage/sql/job-lease-store.js';
import { SqlPermissionStore } from '../../src/storage/sql/permission-store.js';
import type { SqlDatabase } from '../../src/storage/sql/sql-database.js';
import { SqlUserStore } from '../../src/storage/sql/user-store.js';
import type { TestBackend } from '../support/sql-backends.js';

export interface AccessEnv {
  database: SqlDatabase;
  users: SqlUserStore;
  permissions: SqlPermissionStore;
  audit: SqlAuditStore;
  leases: SqlJobLeaseStore;
}

/** A fresh migrated database per test with the access stores over it. */
export function useAccessEnv(backend: TestBackend): AccessEnv {
  const env = {} as AccessEnv;
  let dispose: (() => Promise<void>) | undefined;
  beforeEach(async () => {
    const created = await backend.create();
    dispose = created.dispose;
    env.database = created.database;
    env.users = new SqlUserStore(created.database);
    env.permissions = new SqlPermissionStore(created.database);
    env.audit = new SqlAuditStore(created.database);
    env.leases = new SqlJobLeaseStore(created.database);
  });
  afterEach(async () => {
    // Same ordering as tracking-fixtures: close the pool and let its sockets finish before the
    // support code drops the database WITH (FORCE), or pg reports the killed sockets as uncaught.
    await env.database.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await dispose?.();
    dispose = undefined;
  });
  return env;
}

/** A user with a recognisable hash; `time` defaults to 1000. */
export function newUser(
  env: { users: SqlUserStore },
  username: string,
  options: { isAdmin?: boolean; time?: number } = {},
): Promise<StoredUser> {
  return env.users.createUser({
    username,
    passwordHash: `scrypt$hash-of-${username}`,
    isAdmin: options.isAdmin ?? false,
    time: options.time ?? 1_000,
  });
}

export function sha256(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A token whose hash is derived from its id, so tests can look it up by `sha256(id)`. */
export function newToken(
  env: { users: SqlUserStore },
  userId: number,
  id: string,
  overrides: Partial<NewToken> = {},
): Promise<StoredToken> {
  return env.users.createToken({
    id,
    userId,
    name: `token ${id}`,
    tokenHash: sha256(id),
    createdAt: 2_000,
    ...overrides,
  });
}
