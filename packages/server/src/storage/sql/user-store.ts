import { sql } from 'kysely';
import type { Kysely, Selectable } from 'kysely';
import { alreadyExists, notFound } from '@slipway/core';
import type { NewToken, NewUser, Page, StoredToken, StoredUser, UserStore } from '@slipway/core';
import type { SlipwaySchema } from './schema.js';
import type { ApiTokensTable, UsersTable } from './schema-access.js';
import type { SqlDatabase, SqlDialectName } from './sql-database.js';
import { collated } from './filter-sql.js';
import { translateSqlErrors } from './sql-errors.js';

/** Users and API tokens in SQLite or PostgreSQL (migration 0007). */
export class SqlUserStore implements UserStore {
  private readonly db: Kysely<SlipwaySchema>;
  private readonly dialect: SqlDialectName;

  constructor(database: SqlDatabase) {
    this.db = database.db;
    this.dialect = database.dialect;
  }

  async createUser(input: NewUser): Promise<StoredUser> {
    const row = await translateSqlErrors(
      () =>
        this.db
          .insertInto('users')
          .values({
            username: input.username,
            password_hash: input.passwordHash,
            is_admin: input.isAdmin ? 1 : 0,
            created_at: input.time,
            updated_at: input.time,
          })
          .returningAll()
          .executeTakeFirstOrThrow(),
      { unique: () => alreadyExists(`User '${input.username}' already exists.`) },
    );
    return userFromRow(row);
  }

  async getUser(username: string): Promise<StoredUser | undefined> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', username)
      .executeTakeFirst();
    return row === undefined ? undefined : userFromRow(row);
  }

  async getUserById(id: number): Promise<StoredUser | undefined> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : userFromRow(row);
  }

  async listUsers(window: { limit: number; offset: number }): Promise<Page<StoredUser>> {
    const rows = await this.db
      .selectFrom('users')
      .selectAll()
      // Byte order on both engines, whatever PostgreSQL's default collation.
      .orderBy(collated(this.dialect, sql.ref('username')))
      .limit(window.limit + 1)
      .offset(window.offset)
      .execute();
    const page: Page<StoredUser> = { items: rows.slice(0, window.limit).map(userFromRow) };
    if (rows.length > window.limit) page.nextOffset = window.offset + window.limit;
    return page;
  }

  async updateUser(
    username: string,
    patch: { passwordHash?: string; isAdmin?: boolean },
    time: number,
  ): Promise<StoredUser> {
    const row = await this.db
      .updateTable('users')
      .set({
        ...(patch.passwordHash !== undefined ? { password_hash: patch.passwordHash } : {}),
        ...(patch.isAdmin !== undefined ? { is_admin: patch.isAdmin ? 1 : 0 } : {}),
        updated_at: time,
      })
      .where('username', '=', username)
      .returningAll()
      .executeTakeFirst();
    if (row === undefined) throw userNotFound(username);
    return userFromRow(row);
  }

  async deleteUser(username: string): Promise<void> {
    const result = await this.db
      .deleteFrom('users')
      .where('username', '=', username)
      .executeTakeFirst();
    if (result.numDeletedRows === 0n) throw userNotFound(username);
  }

  async countAdmins(): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('is_admin', '=', 1)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async createToken(input: NewToken): Promise<StoredToken> {
    await translateSqlErrors(
      () =>
        this.db
          .insertInto('api_tokens')
          .values({
            id: input.id,
            user_id: input.userId,
            name: input.name,
            token_hash: input.tokenHash,
            created_at: input.createdAt,
            expires_at: input.expiresAt ?? null,
            revoked_at: null,
          })
          .execute(),
      {
        unique: () => alreadyExists(`Token '${input.id}' already exists.`),
        'foreign-key': () => notFound(`No user with id ${input.userId}.`),
      },
    );
    const token = await this.getToken(input.id);
    if (token === undefined) throw notFound(`Token '${input.id}' vanished as it was created.`);
    return token;
  }

  async findTokenByHash(
    tokenHash: string,
  ): Promise<{ token: StoredToken; user: StoredUser } | undefined> {
    const row = await this.db
      .selectFrom('api_tokens as t')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .select([
        't.id as token_id',
        't.user_id as token_user_id',
        't.name as token_name',
        't.token_hash as token_hash',
        't.created_at as token_created_at',
        't.expires_at as token_expires_at',
        't.revoked_at as token_revoked_at',
        'u.id',
        'u.username',
        'u.password_hash',
        'u.is_admin',
        'u.created_at',
        'u.updated_at',
      ])
      .where('t.token_hash', '=', tokenHash)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    const user = userFromRow(row);
    return {
      user,
      token: tokenFromRow(
        {
          id: row.token_id,
          user_id: row.token_user_id,
          name: row.token_name,
          token_hash: row.token_hash,
          created_at: row.token_created_at,
          expires_at: row.token_expires_at,
          revoked_at: row.token_revoked_at,
        },
        user.username,
      ),
    };
  }

  async getToken(id: string): Promise<StoredToken | undefined> {
    const row = await this.db
      .selectFrom('api_tokens as t')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .selectAll('t')
      .select('u.username')
      .where('t.id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : tokenFromRow(row, row.username);
  }

  async listTokens(userId: number): Promise<StoredToken[]> {
    const rows = await this.db
      .selectFrom('api_tokens as t')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .selectAll('t')
      .select('u.username')
      .where('t.user_id', '=', userId)
      .orderBy('t.created_at', 'desc')
      .orderBy('t.id')
      .execute();
    return rows.map((row) => tokenFromRow(row, row.username));
  }

  async revokeToken(id: string, time: number): Promise<StoredToken> {
    await this.db
      .updateTable('api_tokens')
      .set({ revoked_at: time })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
    const token = await this.getToken(id);
    if (token === undefined) throw notFound(`No API token with id '${id}'.`);
    return token;
  }
}

function userNotFound(username: string) {
  return notFound(`User with username=${username} not found.`, { username });
}

function userFromRow(row: Selectable<UsersTable>): StoredUser {
  return {
    id: Number(row.id),
    username: row.username,
    passwordHash: row.password_hash,
    isAdmin: Number(row.is_admin) === 1,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function tokenFromRow(row: Selectable<ApiTokensTable>, username: string): StoredToken {
  const token: StoredToken = {
    id: row.id,
    userId: Number(row.user_id),
    username,
    name: row.name,
    createdAt: Number(row.created_at),
  };
  if (row.expires_at !== null) token.expiresAt = Number(row.expires_at);
  if (row.revoked_at !== null) token.revokedAt = Number(row.revoked_at);
  return token;
}
