import { sql } from 'kysely';
import type { RawBuilder, SqlBool } from 'kysely';
import { PERMISSIONS, permits } from '@slipway/core';
import type { ReadableBy, ResourceType } from '@slipway/core';

const READING = PERMISSIONS.filter((p) => permits(p, 'read'));

/**
 * A search condition keeping the resources `readable.userId` may read: their explicit
 * permission allows reading, or they hold none and the default does. `resourceId` is the SQL
 * expression of the resource's id as permissions store it (text).
 */
export function readableCondition(
  type: ResourceType,
  resourceId: RawBuilder<unknown>,
  readable: ReadableBy,
): RawBuilder<SqlBool> {
  return sql<SqlBool>`coalesce((select p.permission from permissions p where p.resource_type = ${type} and p.resource_id = ${resourceId} and p.user_id = ${readable.userId}), ${readable.defaultPermission}) in (${sql.join(READING)})`;
}
