import type { Page } from '../domain/common.js';

export interface StoredUser {
  id: number;
  username: string;
  /** `scrypt$...`: never leaves the server. */
  passwordHash: string;
  isAdmin: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface StoredToken {
  /** The public id a token is listed and revoked by (not the secret). */
  id: string;
  userId: number;
  username: string;
  name: string;
  createdAt: number;
  expiresAt?: number | undefined;
  revokedAt?: number | undefined;
}

export interface NewUser {
  username: string;
  passwordHash: string;
  isAdmin: boolean;
  time: number;
}

export interface NewToken {
  id: string;
  userId: number;
  name: string;
  /** SHA-256 of the secret, hex: tokens are random, so a fast hash is enough to store them. */
  tokenHash: string;
  createdAt: number;
  expiresAt?: number | undefined;
}

/**
 * Users and their API tokens. Usernames are unique (ALREADY_EXISTS); deleting a user deletes its
 * tokens and permissions.
 */
export interface UserStore {
  createUser(input: NewUser): Promise<StoredUser>;
  getUser(username: string): Promise<StoredUser | undefined>;
  getUserById(id: number): Promise<StoredUser | undefined>;
  /** By username. */
  listUsers(window: { limit: number; offset: number }): Promise<Page<StoredUser>>;
  /** NOT_FOUND when missing. */
  updateUser(
    username: string,
    patch: { passwordHash?: string; isAdmin?: boolean },
    time: number,
  ): Promise<StoredUser>;
  /** NOT_FOUND when missing. */
  deleteUser(username: string): Promise<void>;
  countAdmins(): Promise<number>;

  createToken(input: NewToken): Promise<StoredToken>;
  /** The token with this hash and its user, revoked or expired ones included. */
  findTokenByHash(tokenHash: string): Promise<{ token: StoredToken; user: StoredUser } | undefined>;
  getToken(id: string): Promise<StoredToken | undefined>;
  /** Newest first; revoked ones included. */
  listTokens(userId: number): Promise<StoredToken[]>;
  /** NOT_FOUND when missing; revoking twice keeps the first time. */
  revokeToken(id: string, time: number): Promise<StoredToken>;
}
