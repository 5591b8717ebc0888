import type { Migration, MigrationProvider } from 'kysely';
import * as tracking from './0001-tracking.js';
import * as registry from './0002-model-registry.js';

/** Migrations are compiled in, not read from disk, so they ship inside the package. Append only. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-tracking': tracking,
  '0002-model-registry': registry,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};
