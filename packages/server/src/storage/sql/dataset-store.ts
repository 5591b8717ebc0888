import { sql } from 'kysely';
import type { Kysely, Selectable } from 'kysely';
import { alreadyExists } from '@slipway/core';
import type {
  DatasetColumn,
  DatasetFile,
  DatasetInfo,
  DatasetStore,
  DatasetVersion,
  NewDatasetVersion,
  Page,
  ReadableBy,
  SearchWindow,
} from '@slipway/core';
import type { SlipwaySchema } from './schema.js';
import type { DatasetVersionsTable, VersionedDatasetsTable } from './schema-datasets.js';
import { readableCondition } from './readable-sql.js';
import { translateSqlErrors } from './sql-errors.js';
import type { SqlDatabase } from './sql-database.js';
import { transact } from './transact.js';

/** Versioned datasets in SQLite or PostgreSQL (migration 0012). Versions are insert-only. */
export class SqlDatasetStore implements DatasetStore {
  private readonly db: Kysely<SlipwaySchema>;

  constructor(database: SqlDatabase) {
    this.db = database.db;
  }

  async get(name: string): Promise<DatasetInfo | undefined> {
    const row = await this.db
      .selectFrom('versioned_datasets')
      .selectAll()
      .where('name', '=', name)
      .executeTakeFirst();
    return row === undefined ? undefined : datasetFromRow(row);
  }

  async list(window: SearchWindow, readableBy?: ReadableBy): Promise<Page<DatasetInfo>> {
    let select = this.db.selectFrom('versioned_datasets').selectAll();
    if (readableBy !== undefined) {
      select = select.where(readableCondition('dataset', sql.ref('name'), readableBy));
    }
    const rows = await select
      .orderBy('name')
      .limit(window.limit + 1)
      .offset(window.offset)
      .execute();
    return paged(rows.map(datasetFromRow), window);
  }

  async listVersions(name: string, window: SearchWindow): Promise<Page<DatasetVersion>> {
    const rows = await this.db
      .selectFrom('dataset_versions')
      .selectAll()
      .where('dataset_name', '=', name)
      .orderBy('version', 'desc')
      .limit(window.limit + 1)
      .offset(window.offset)
      .execute();
    return paged(rows.map(versionFromRow), window);
  }

  async getVersion(name: string, version: number): Promise<DatasetVersion | undefined> {
    const row = await this.db
      .selectFrom('dataset_versions')
      .selectAll()
      .where('dataset_name', '=', name)
      .where('version', '=', version)
      .executeTakeFirst();
    return row === undefined ? undefined : versionFromRow(row);
  }

  async latestVersion(name: string): Promise<DatasetVersion | undefined> {
    const row = await this.db
      .selectFrom('dataset_versions')
      .selectAll()
      .where('dataset_name', '=', name)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row === undefined ? undefined : versionFromRow(row);
  }

  async addVersion(
    input: NewDatasetVersion,
  ): Promise<{ version: DatasetVersion; datasetCreated: boolean }> {
    const taken = () =>
      alreadyExists(
        `Another version of dataset '${input.name}' was added at the same time; try again.`,
      );
    return translateSqlErrors(
      () =>
        transact(this.db, async (trx) => {
          const current = await trx
            .selectFrom('versioned_datasets')
            .select('latest_version')
            .where('name', '=', input.name)
            .executeTakeFirst();
          const number = (current?.latest_version ?? 0) + 1;
          const description = input.description ?? null;
          if (current === undefined) {
            await trx
              .insertInto('versioned_datasets')
              .values({
                name: input.name,
                description,
                latest_version: number,
                created_at: input.createdAt,
                updated_at: input.createdAt,
                created_by: input.createdBy,
              })
              .execute();
          } else {
            // Compare-and-set on the number: a concurrent writer that took it makes this a no-op.
            const updated = await trx
              .updateTable('versioned_datasets')
              .set({
                latest_version: number,
                updated_at: input.createdAt,
                ...(description === null ? {} : { description }),
              })
              .where('name', '=', input.name)
              .where('latest_version', '=', number - 1)
              .executeTakeFirst();
            if (Number(updated.numUpdatedRows) !== 1) throw taken();
          }
          await trx
            .insertInto('dataset_versions')
            .values({
              dataset_name: input.name,
              version: number,
              digest: input.digest,
              description,
              size: input.size,
              rows: input.rows ?? null,
              schema: input.schema === undefined ? null : JSON.stringify(input.schema),
              files: JSON.stringify(input.files),
              created_at: input.createdAt,
              created_by: input.createdBy,
            })
            .execute();
          return { version: { ...input, version: number }, datasetCreated: current === undefined };
        }),
      { unique: taken },
    );
  }
}

function datasetFromRow(row: Selectable<VersionedDatasetsTable>): DatasetInfo {
  const info: DatasetInfo = {
    name: row.name,
    latestVersion: Number(row.latest_version),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    createdBy: row.created_by,
  };
  if (row.description !== null) info.description = row.description;
  return info;
}

function versionFromRow(row: Selectable<DatasetVersionsTable>): DatasetVersion {
  const version: DatasetVersion = {
    name: row.dataset_name,
    version: Number(row.version),
    digest: row.digest,
    size: Number(row.size),
    files: JSON.parse(row.files) as DatasetFile[],
    createdAt: Number(row.created_at),
    createdBy: row.created_by,
  };
  if (row.description !== null) version.description = row.description;
  if (row.rows !== null) version.rows = Number(row.rows);
  if (row.schema !== null) version.schema = JSON.parse(row.schema) as DatasetColumn[];
  return version;
}

function paged<T>(items: T[], window: SearchWindow): Page<T> {
  const page: Page<T> = { items: items.slice(0, window.limit) };
  if (items.length > window.limit) page.nextOffset = window.offset + window.limit;
  return page;
}
