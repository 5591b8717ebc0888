import { migrateToLatest } from './migrate.js';
import type { MigrationReport } from './migrate.js';
import { openDatabase } from './open-database.js';

/** `slipway db upgrade`: applies pending migrations to the given store and reports which ran. */
export async function upgradeDatabase(backendStoreUri: string): Promise<MigrationReport> {
  const database = await openDatabase(backendStoreUri, { poolSize: 1 });
  try {
    return await migrateToLatest(database);
  } finally {
    await database.close();
  }
}
