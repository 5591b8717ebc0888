import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { alreadyExists, notFound, resourceLabel } from '@slipway/core';
import type { Permission, PermissionGrant, PermissionStore, ResourceType } from '@slipway/core';
import type { SlipwaySchema } from './schema.js';
import type { SqlDatabase, SqlDialectName } from './sql-database.js';
import { collated } from './filter-sql.js';
import { transact } from './transact.js';
import { translateSqlErrors } from './sql-errors.js';

/** Explicit permissions in SQLite or PostgreSQL (migration 0007). */
export class SqlPermissionStore implements PermissionStore {
  private readonly db: Kysely<SlipwaySchema>;
  private readonly dialect: SqlDialectName;

  constructor(database: SqlDatabase) {
    this.db = database.db;
    this.dialect = database.dialect;
  }

  async get(
    type: ResourceType,
    resourceId: string,
    userId: number,
  ): Promise<Permission | undefined> {
    const row = await this.db
      .selectFrom('permissions')
      .select('permission')
      .where('resource_type', '=', type)
      .where('resource_id', '=', resourceId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row?.permission as Permission | undefined;
  }

  async create(
    type: ResourceType,
    resourceId: string,
    userId: number,
    permission: Permission,
  ): Promise<void> {
    await translateSqlErrors(
      () =>
        this.db
          .insertInto('permissions')
          .values({ resource_type: type, resource_id: resourceId, user_id: userId, permission })
          .execute(),
      {
        unique: () =>
          alreadyExists(
            `The user already has a permission on ${resourceLabel(type)} '${resourceId}'; update it instead.`,
          ),
        'foreign-key': () => notFound(`No user with id ${userId}.`),
      },
    );
  }

  async set(
    type: ResourceType,
    resourceId: string,
    userId: number,
    permission: Permission,
  ): Promise<void> {
    await translateSqlErrors(
      () =>
        this.db
          .insertInto('permissions')
          .values({ resource_type: type, resource_id: resourceId, user_id: userId, permission })
          .onConflict((oc) =>
            oc.columns(['resource_type', 'resource_id', 'user_id']).doUpdateSet({ permission }),
          )
          .execute(),
      { 'foreign-key': () => notFound(`No user with id ${userId}.`) },
    );
  }

  async update(
    type: ResourceType,
    resourceId: string,
    userId: number,
    permission: Permission,
  ): Promise<void> {
    const result = await this.db
      .updateTable('permissions')
      .set({ permission })
      .where('resource_type', '=', type)
      .where('resource_id', '=', resourceId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw missing(type, resourceId);
  }

  async delete(type: ResourceType, resourceId: string, userId: number): Promise<void> {
    const result = await this.db
      .deleteFrom('permissions')
      .where('resource_type', '=', type)
      .where('resource_id', '=', resourceId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (result.numDeletedRows === 0n) throw missing(type, resourceId);
  }

  async deleteResource(type: ResourceType, resourceId: string): Promise<void> {
    await this.db
      .deleteFrom('permissions')
      .where('resource_type', '=', type)
      .where('resource_id', '=', resourceId)
      .execute();
  }

  async renameResource(type: ResourceType, from: string, to: string): Promise<void> {
    if (from === to) return;
    await transact(this.db, async (trx) => {
      // Grants left on the new name (kept by mistake) must not block or join the rename.
      await trx
        .deleteFrom('permissions')
        .where('resource_type', '=', type)
        .where('resource_id', '=', to)
        .execute();
      await trx
        .updateTable('permissions')
        .set({ resource_id: to })
        .where('resource_type', '=', type)
        .where('resource_id', '=', from)
        .execute();
    });
  }

  async listForResource(type: ResourceType, resourceId: string): Promise<PermissionGrant[]> {
    const rows = await this.db
      .selectFrom('permissions as p')
      .innerJoin('users as u', 'u.id', 'p.user_id')
      .select(['p.resource_type', 'p.resource_id', 'p.user_id', 'p.permission', 'u.username'])
      .where('p.resource_type', '=', type)
      .where('p.resource_id', '=', resourceId)
      // Byte order on both engines, whatever PostgreSQL's default collation.
      .orderBy(collated(this.dialect, sql.ref('u.username')))
      .execute();
    return rows.map(grantFromRow);
  }

  async listForUser(userId: number): Promise<PermissionGrant[]> {
    const rows = await this.db
      .selectFrom('permissions as p')
      .innerJoin('users as u', 'u.id', 'p.user_id')
      .select(['p.resource_type', 'p.resource_id', 'p.user_id', 'p.permission', 'u.username'])
      .where('p.user_id', '=', userId)
      .orderBy('p.resource_type')
      .orderBy(collated(this.dialect, sql.ref('p.resource_id')))
      .execute();
    return rows.map(grantFromRow);
  }
}

function missing(type: ResourceType, resourceId: string) {
  return notFound(
    `The user has no permission on ${resourceLabel(type)} '${resourceId}' (the default permission applies).`,
  );
}

function grantFromRow(row: {
  resource_type: string;
  resource_id: string;
  user_id: number;
  permission: string;
  username: string;
}): PermissionGrant {
  return {
    resourceType: row.resource_type as ResourceType,
    resourceId: row.resource_id,
    userId: Number(row.user_id),
    username: row.username,
    permission: row.permission as Permission,
  };
}
