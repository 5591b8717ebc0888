import { nativeRoutes as r } from '@slipway/core';
import type { RouteResponse } from '@slipway/core';
import type { PageOptions } from './runs-api.js';
import type { Transport } from './transport.js';

/** A user as the server shows it (never a password or its hash). */
export type User = RouteResponse<typeof r.getUser>['user'];

export interface UserPage {
  users: User[];
  /** Pass back as `pageToken` for the next page; absent on the last one. */
  nextPageToken?: string | undefined;
}

/** A user's explicit permissions, and what applies wherever they hold none. */
export type UserPermissions = RouteResponse<typeof r.listUserPermissions>;

export interface CreateUserOptions {
  /** 1-256 letters, digits and `. _ @ + -`. */
  username: string;
  /** At least 12 characters. */
  password: string;
  /** Admins may do everything, including managing users. Default false. */
  isAdmin?: boolean;
}

export interface UpdateUserOptions {
  /** A new password: your own, or anyone's as an admin. */
  password?: string;
  /** Admins only. */
  isAdmin?: boolean;
}

/**
 * Users of a server with authentication on. Admins create, list and delete users; every user
 * can read their own record and change their own password.
 *
 * @example
 * ```ts
 * const admin = new SlipwayClient({ baseUrl, username: 'admin', password: adminPassword });
 * await admin.users.create({ username: 'bob', password: 'correct-horse-battery' });
 * await admin.permissions.set('experiment', '3', 'bob', 'EDIT');
 * ```
 */
export class UsersApi {
  constructor(private readonly transport: Transport) {}

  /**
   * Creates a user (admins only); ALREADY_EXISTS if the name is taken.
   *
   * @example
   * ```ts
   * const bob = await client.users.create({ username: 'bob', password: 'correct-horse-battery' });
   * ```
   */
  async create(options: CreateUserOptions): Promise<User> {
    return (await this.transport.call(r.createUser, { body: options })).user;
  }

  /**
   * One page of users, by username (admins only).
   *
   * @example
   * ```ts
   * const { users, nextPageToken } = await client.users.list({ maxResults: 100 });
   * ```
   */
  async list(options: PageOptions = {}): Promise<UserPage> {
    return this.transport.call(r.listUsers, { query: { ...options } });
  }

  /**
   * Gets a user: yourself, or anyone as an admin; NOT_FOUND if there is none.
   *
   * @example
   * ```ts
   * const { isAdmin } = await client.users.get('bob');
   * ```
   */
  async get(username: string): Promise<User> {
    return (await this.transport.call(r.getUser, { params: { username } })).user;
  }

  /**
   * Changes a password, the admin flag, or both. The server keeps at least one admin.
   *
   * @example
   * ```ts
   * await client.users.update('bob', { password: 'a-new-long-password' });
   * await client.users.update('bob', { isAdmin: true });
   * ```
   */
  async update(username: string, changes: UpdateUserOptions): Promise<User> {
    return (await this.transport.call(r.updateUser, { params: { username }, body: changes })).user;
  }

  /**
   * Deletes a user with their API tokens and permissions (admins only).
   *
   * @example
   * ```ts
   * await client.users.delete('bob');
   * ```
   */
  async delete(username: string): Promise<void> {
    await this.transport.call(r.deleteUser, { params: { username } });
  }

  /**
   * A user's explicit permissions on experiments, registered models and deployments, and the
   * server's default for everything else (yourself, or anyone as an admin).
   *
   * @example
   * ```ts
   * const { permissions, defaultPermission } = await client.users.permissions('bob');
   * ```
   */
  async permissions(username: string): Promise<UserPermissions> {
    return this.transport.call(r.listUserPermissions, { params: { username } });
  }
}
