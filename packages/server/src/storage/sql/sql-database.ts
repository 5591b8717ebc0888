import type { Kysely } from 'kysely';
import type { SlipwaySchema } from './schema.js';

export type SqlDialectName = 'sqlite' | 'postgres';

/** An open SQL backend: the query builder plus what stores need to know about the dialect. */
export interface SqlDatabase {
  db: Kysely<SlipwaySchema>;
  dialect: SqlDialectName;
  close(): Promise<void>;
}
