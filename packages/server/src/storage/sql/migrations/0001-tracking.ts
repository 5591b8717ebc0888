import type { Kysely } from 'kysely';

/** Experiments, runs, params, tags, metrics, latest metrics, datasets and run inputs. */
export async function up(db: Kysely<unknown>): Promise<void> {
  void db;
}
