import { randomBytes } from 'node:crypto';
import { failedPrecondition, invalidArgument, notFound } from '@slipway/core';
import type { Caller, Page, StoredToken, StoredUser, UnitOfWork, UserStore } from '@slipway/core';
import { auditRecord } from '../audit/audit-record.js';
import type { ServiceClock } from '../support/clock.js';
import { nextToken, resolveWindow } from '../support/paging.js';
import type { PageRequest } from '../support/paging.js';
import { adminOnly } from './access-errors.js';
import type { AccessService } from './access-service.js';
import { tokenHash } from './authenticator.js';
import type { Authenticator } from './authenticator.js';
import { hashPassword } from './password-hash.js';
import { checkPassword, checkUsername } from './user-rules.js';

/** A user as the APIs show it: never the password hash. */
export interface UserView {
  id: number;
  username: string;
  isAdmin: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface CreatedToken {
  token: StoredToken;
  /** The bearer token; only its hash is stored, so this is the one time it is seen. */
  secret: string;
}

const DAY_MS = 86_400_000;
const TOKEN_PREFIX = 'slw_';

export function userView(user: StoredUser): UserView {
  const { id, username, isAdmin, createdAt, updatedAt } = user;
  return { id, username, isAdmin, createdAt, updatedAt };
}

/**
 * Users and API tokens: admins create and delete users and set the admin flag; users change their
 * own password and manage their own tokens. Every change is audited and drops cached credentials.
 */
export class UserService {
  constructor(
    private readonly users: UserStore,
    private readonly uow: UnitOfWork,
    private readonly clock: ServiceClock,
    private readonly authenticator: Authenticator,
    private readonly access: AccessService,
  ) {}

  /**
   * Makes sure the admin exists: created from `password` at first start. When `required`
   * (authentication on) and there is neither, the server must not start open to everyone.
   */
  async bootstrapAdmin(
    username: string,
    password: string | undefined,
    required: boolean,
  ): Promise<'created' | 'exists' | 'none'> {
    const name = checkUsername(username);
    if ((await this.users.getUser(name)) !== undefined) return 'exists';
    if (password === undefined) {
      if (required) {
        throw failedPrecondition(
          `Authentication is on and there is no admin user '${name}' yet: set SLIPWAY_ADMIN_PASSWORD (at least 12 characters) to create it at this first start, or start with --auth off on a loopback address.`,
        );
      }
      return 'none';
    }
    const passwordHash = await hashPassword(checkPassword(password));
    await this.uow.run(async (s) => {
      // Two servers starting at once: the second finds the admin the first created.
      if ((await s.users.getUser(name)) !== undefined) return;
      const user = await s.users.createUser({
        username: name,
        passwordHash,
        isAdmin: true,
        time: this.clock.now(),
      });
      await s.audit.append([
        auditRecord(SYSTEM, this.clock.now(), 'user.create', 'user', name, {
          after: { username: name, isAdmin: true, id: user.id },
        }),
      ]);
    });
    return 'created';
  }

  async create(
    caller: Caller,
    input: { username: string; password: string; isAdmin?: boolean | undefined },
  ): Promise<UserView> {
    this.access.requireAdmin(caller, 'create users');
    const username = checkUsername(input.username);
    const passwordHash = await hashPassword(checkPassword(input.password));
    const isAdmin = input.isAdmin ?? false;
    const user = await this.uow.run(async (s) => {
      const created = await s.users.createUser({
        username,
        passwordHash,
        isAdmin,
        time: this.clock.now(),
      });
      await s.audit.append([
        auditRecord(caller, this.clock.now(), 'user.create', 'user', username, {
          after: { username, isAdmin, id: created.id },
        }),
      ]);
      return created;
    });
    return userView(user);
  }

  /** Yourself, or anyone as an admin. */
  async get(caller: Caller, username: string): Promise<UserView> {
    if (!caller.isAdmin && caller.username !== username) {
      throw adminOnly(caller, 'look up other users');
    }
    return userView(await this.require(username));
  }

  async list(
    caller: Caller,
    request: PageRequest,
  ): Promise<{ users: UserView[]; nextPageToken?: string | undefined }> {
    this.access.requireAdmin(caller, 'list users');
    const window = resolveWindow(request, { users: true }, { default: 100, max: 1000 });
    const page: Page<StoredUser> = await this.users.listUsers(window);
    return {
      users: page.items.map(userView),
      nextPageToken: nextToken(page.nextOffset, window.fingerprint),
    };
  }

  /** A new password (yourself, or anyone as an admin) and/or the admin flag (admins only). */
  async update(
    caller: Caller,
    username: string,
    patch: { password?: string | undefined; isAdmin?: boolean | undefined },
  ): Promise<UserView> {
    if (patch.password === undefined && patch.isAdmin === undefined) {
      throw invalidArgument("Nothing to change: give 'password', 'isAdmin' or both.");
    }
    if (patch.isAdmin !== undefined) this.access.requireAdmin(caller, 'change the admin flag');
    if (patch.password !== undefined && !caller.isAdmin && caller.username !== username) {
      throw adminOnly(caller, "change other users' passwords");
    }
    const passwordHash =
      patch.password === undefined ? undefined : await hashPassword(checkPassword(patch.password));
    const user = await this.uow.run(async (s) => {
      const before = await s.users.getUser(username);
      if (before === undefined) throw userNotFound(username);
      if (patch.isAdmin === false && before.isAdmin && (await s.users.countAdmins()) <= 1) {
        throw lastAdmin(username);
      }
      const updated = await s.users.updateUser(
        username,
        {
          ...(passwordHash !== undefined ? { passwordHash } : {}),
          ...(patch.isAdmin !== undefined ? { isAdmin: patch.isAdmin } : {}),
        },
        this.clock.now(),
      );
      await s.audit.append([
        auditRecord(caller, this.clock.now(), 'user.update', 'user', username, {
          before: { isAdmin: before.isAdmin },
          after: { isAdmin: updated.isAdmin, ...(passwordHash ? { passwordChanged: true } : {}) },
        }),
      ]);
      return updated;
    });
    this.authenticator.invalidate();
    this.access.invalidate();
    return userView(user);
  }

  /** Admins only; the user's tokens and permissions go with it; the last admin stays. */
  async delete(caller: Caller, username: string): Promise<void> {
    this.access.requireAdmin(caller, 'delete users');
    await this.uow.run(async (s) => {
      const before = await s.users.getUser(username);
      if (before === undefined) throw userNotFound(username);
      if (before.isAdmin && (await s.users.countAdmins()) <= 1) throw lastAdmin(username);
      await s.users.deleteUser(username);
      await s.audit.append([
        auditRecord(caller, this.clock.now(), 'user.delete', 'user', username, {
          before: { username, isAdmin: before.isAdmin, id: before.id },
        }),
      ]);
    });
    this.authenticator.invalidate();
    this.access.invalidate();
  }

  /** A token for yourself, or for anyone as an admin. Its secret is returned this once. */
  async createToken(
    caller: Caller,
    input: { name: string; expiresInDays?: number | undefined; username?: string | undefined },
  ): Promise<CreatedToken> {
    const name = input.name.trim();
    if (name === '' || name.length > 256) {
      throw invalidArgument('A token needs a name of 1-256 characters saying what it is for.');
    }
    const owner = await this.ownerFor(caller, input.username, 'create tokens for other users');
    if (
      input.expiresInDays !== undefined &&
      !(Number.isFinite(input.expiresInDays) && input.expiresInDays > 0)
    ) {
      throw invalidArgument('expiresInDays must be a positive number of days.');
    }
    const secret = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const token = await this.uow.run(async (s) => {
      const created = await s.users.createToken({
        id: randomBytes(8).toString('hex'),
        userId: owner.id,
        name,
        tokenHash: tokenHash(secret),
        createdAt: now,
        expiresAt:
          input.expiresInDays === undefined
            ? undefined
            : now + Math.round(input.expiresInDays * DAY_MS),
      });
      await s.audit.append([
        auditRecord(caller, now, 'token.create', 'token', created.id, {
          after: { username: owner.username, name, expiresAt: created.expiresAt ?? null },
        }),
      ]);
      return created;
    });
    return { token, secret };
  }

  /** Your tokens, or a user's as an admin (secrets are never shown again). */
  async listTokens(caller: Caller, username?: string | undefined): Promise<StoredToken[]> {
    const owner = await this.ownerFor(caller, username, "list other users' tokens");
    return this.users.listTokens(owner.id);
  }

  /** Your own token, or anyone's as an admin. */
  async revokeToken(caller: Caller, tokenId: string): Promise<void> {
    const token = await this.users.getToken(tokenId);
    if (token === undefined || (!caller.isAdmin && token.userId !== caller.userId)) {
      // Someone else's token is as unknown as a missing one: ids are not to be probed.
      throw notFound(`No API token with id '${tokenId}' of yours.`);
    }
    await this.uow.run(async (s) => {
      const revoked = await s.users.revokeToken(tokenId, this.clock.now());
      await s.audit.append([
        auditRecord(caller, this.clock.now(), 'token.revoke', 'token', tokenId, {
          before: { revokedAt: token.revokedAt ?? null },
          after: { username: token.username, name: token.name, revokedAt: revoked.revokedAt },
        }),
      ]);
    });
    this.authenticator.invalidate();
  }

  private async ownerFor(
    caller: Caller,
    username: string | undefined,
    what: string,
  ): Promise<StoredUser> {
    const name = username ?? caller.username;
    if (name !== caller.username) this.access.requireAdmin(caller, what);
    const user = await this.users.getUser(name);
    if (user === undefined) {
      throw notFound(
        name === caller.username && caller.userId === undefined
          ? `'${name}' is not a user of this server (authentication is off); API tokens belong to users.`
          : `User with username=${name} not found.`,
      );
    }
    return user;
  }

  private async require(username: string): Promise<StoredUser> {
    const user = await this.users.getUser(username);
    if (user === undefined) throw userNotFound(username);
    return user;
  }
}

const SYSTEM: Caller = { username: 'system:bootstrap', isAdmin: true, via: 'system' };

function userNotFound(username: string) {
  return notFound(`User with username=${username} not found.`, { username });
}

function lastAdmin(username: string) {
  return failedPrecondition(`'${username}' is the last admin; make another user an admin first.`);
}
