import type { Kysely } from 'kysely';
import { notFound } from '@slipway/core';
import type { SlipwayError } from '@slipway/core';
import type { SlipwaySchema } from './schema.js';
import { selectVersions, versionNumber } from './registry-rows.js';
import type { ModelRow, VersionRow } from './registry-rows.js';

export function modelNotFound(name: string): SlipwayError {
  return notFound(`Registered Model with name=${name} not found`);
}

export function versionNotFound(name: string, version: string): SlipwayError {
  return notFound(`Model Version (name=${name}, version=${version}) not found`);
}

/**
 * Starts a registry write: takes the model row's write lock and returns the row, or throws NOT_FOUND.
 *
 * It is a no-op UPDATE rather than SELECT ... FOR UPDATE because that works on both backends. On
 * PostgreSQL the row lock serialises concurrent changes to one model (stage transitions, alias moves,
 * deletes). On SQLite it makes the transaction's first statement a write, so it takes the database
 * write lock up front (waiting under busy_timeout) instead of reading a snapshot first and failing with
 * SQLITE_BUSY when another process commits before its first write.
 */
export async function lockModel(trx: Kysely<SlipwaySchema>, name: string): Promise<ModelRow> {
  const row = await trx
    .updateTable('registered_models')
    .set((eb) => ({ last_version: eb.ref('last_version') }))
    .where('name', '=', name)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw modelNotFound(name);
  return row;
}

/** The version row of a locked model, or NOT_FOUND naming it. */
export async function requireVersion(
  trx: Kysely<SlipwaySchema>,
  model: ModelRow,
  version: string,
): Promise<VersionRow> {
  const n = versionNumber(version);
  const row =
    n === undefined
      ? undefined
      : await selectVersions(trx)
          .where('mv.model_id', '=', model.id)
          .where('mv.version', '=', n)
          .executeTakeFirst();
  if (!row) throw versionNotFound(model.name, version);
  return row;
}
