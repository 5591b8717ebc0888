import type { Kysely } from 'kysely';
import type { SlipwaySchema } from './schema.js';

/**
 * Runs `work` in a transaction: a new one, or the one `db` already is when a store was bound to a
 * unit of work (SqlUnitOfWork), so a store's own multi-statement writes join the service's
 * transaction instead of opening a second one (Kysely cannot nest them).
 */
export function transact<T>(
  db: Kysely<SlipwaySchema>,
  work: (trx: Kysely<SlipwaySchema>) => Promise<T>,
): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}
