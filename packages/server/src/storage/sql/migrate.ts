import { Migrator } from 'kysely';
import { SlipwayError } from '@slipway/core';
import { migrationProvider } from './migrations/index.js';
import type { SqlDatabase } from './sql-database.js';

export interface MigrationReport {
  applied: string[];
}

/** Brings the schema up to date. Safe to run on every start: applied migrations are skipped. */
export async function migrateToLatest(database: SqlDatabase): Promise<MigrationReport> {
  const migrator = new Migrator({ db: database.db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    throw new SlipwayError({
      code: 'INTERNAL',
      message: `Database migration failed: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
    });
  }
  return {
    applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName),
  };
}
