import { transact } from './transact.js';
import type { Kysely } from 'kysely';
import { SlipwayError, alreadyExists, notFound } from '@slipway/core';
import type {
  Audit,
  DeploymentEvent,
  DeploymentPatch,
  ServedVersion,
  DeploymentRecord,
  DeploymentStore,
  NewDeployment,
  NewDeploymentEvent,
  Page,
} from '@slipway/core';
import { eventFromRow, eventRows, recordFromRow } from './deployment-rows.js';
import { servedVersions } from './deployment-served-versions.js';
import type { SlipwaySchema } from './schema.js';
import type { DeploymentsTable } from './schema-deployments.js';
import type { SqlDatabase } from './sql-database.js';
import { translateSqlErrors } from './sql-errors.js';

function missing(name: string): SlipwayError {
  return notFound(`No deployment named '${name}'.`);
}

function conflict(name: string, expected: number, actual: number): SlipwayError {
  return new SlipwayError({
    code: 'CONFLICT',
    message: `Deployment '${name}' changed while this change was being made (revision ${actual}, expected ${expected}); read it again and retry.`,
    details: { expectedRevision: expected, revision: actual },
  });
}

/**
 * Deployments on SQLite or PostgreSQL. A write is one transaction: a revision-checked change of the
 * row plus its events, so concurrent writers (two replicas, or the canary scheduler racing an
 * operator) cannot overwrite each other silently.
 */
export class SqlDeploymentStore implements DeploymentStore {
  private readonly db: Kysely<SlipwaySchema>;

  constructor(database: SqlDatabase) {
    this.db = database.db;
  }

  async create(
    input: NewDeployment,
    audit: Audit,
    events: readonly NewDeploymentEvent[],
  ): Promise<DeploymentRecord> {
    return translateSqlErrors(
      () =>
        transact(this.db, async (trx) => {
          const row = await trx
            .insertInto('deployments')
            .values({
              name: input.name,
              spec: JSON.stringify(input.spec),
              resolved: JSON.stringify(input.resolved),
              runtime: JSON.stringify(input.runtime),
              revision: 1,
              created_at: audit.time,
              updated_at: audit.time,
              created_by: audit.actor,
              updated_by: audit.actor,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          if (events.length > 0) {
            await trx
              .insertInto('deployment_events')
              .values(eventRows(input.name, events))
              .execute();
          }
          return recordFromRow(row);
        }),
      { unique: () => alreadyExists(`A deployment named '${input.name}' already exists.`) },
    );
  }

  async get(name: string): Promise<DeploymentRecord | undefined> {
    const row = await this.db
      .selectFrom('deployments')
      .selectAll()
      .where('name', '=', name)
      .executeTakeFirst();
    return row === undefined ? undefined : recordFromRow(row);
  }

  async list(): Promise<DeploymentRecord[]> {
    const rows = await this.db.selectFrom('deployments').selectAll().orderBy('name').execute();
    return rows.map(recordFromRow);
  }

  async listRevisions(): Promise<Pick<DeploymentRecord, 'name' | 'revision' | 'createdAt'>[]> {
    const rows = await this.db
      .selectFrom('deployments')
      .select(['name', 'revision', 'created_at'])
      .orderBy('name')
      .execute();
    return rows.map((row) => ({
      name: row.name,
      revision: Number(row.revision),
      createdAt: Number(row.created_at),
    }));
  }

  async update(
    name: string,
    expectedRevision: number,
    patch: DeploymentPatch,
    audit: Audit,
    events: readonly NewDeploymentEvent[],
  ): Promise<DeploymentRecord> {
    return transact(this.db, async (trx) => {
      const changes: Partial<DeploymentsTable> = {
        updated_at: audit.time,
        updated_by: audit.actor,
      };
      if (patch.spec !== undefined) changes.spec = JSON.stringify(patch.spec);
      if (patch.resolved !== undefined) changes.resolved = JSON.stringify(patch.resolved);
      if (patch.runtime !== undefined) changes.runtime = JSON.stringify(patch.runtime);
      const row = await trx
        .updateTable('deployments')
        .set((eb) => ({ ...changes, revision: eb('revision', '+', 1) }))
        .where('name', '=', name)
        .where('revision', '=', expectedRevision)
        .returningAll()
        .executeTakeFirst();
      if (row === undefined) throw await this.whyNotWritten(trx, name, expectedRevision);
      if (events.length > 0) {
        await trx.insertInto('deployment_events').values(eventRows(name, events)).execute();
      }
      return recordFromRow(row);
    });
  }

  async delete(
    name: string,
    expectedRevision: number | undefined,
    _audit: Audit,
    events: readonly NewDeploymentEvent[],
  ): Promise<void> {
    await transact(this.db, async (trx) => {
      let query = trx.deleteFrom('deployments').where('name', '=', name);
      if (expectedRevision !== undefined) query = query.where('revision', '=', expectedRevision);
      const result = await query.executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) {
        throw await this.whyNotWritten(trx, name, expectedRevision);
      }
      if (events.length > 0) {
        await trx.insertInto('deployment_events').values(eventRows(name, events)).execute();
      }
    });
  }

  async listEvents(
    name: string,
    window: { offset: number; limit: number },
  ): Promise<Page<DeploymentEvent>> {
    const rows = await this.db
      .selectFrom('deployment_events')
      .selectAll()
      .where('deployment', '=', name)
      .orderBy('id', 'asc')
      .limit(window.limit + 1)
      .offset(window.offset)
      .execute();
    const items = rows.slice(0, window.limit).map(eventFromRow);
    return rows.length > window.limit
      ? { items, nextOffset: window.offset + window.limit }
      : { items };
  }

  async recentEvents(name: string, limit: number): Promise<DeploymentEvent[]> {
    const rows = await this.db
      .selectFrom('deployment_events')
      .selectAll()
      .where('deployment', '=', name)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(eventFromRow);
  }
  servedVersions(deployments?: readonly string[]): Promise<ServedVersion[]> {
    return servedVersions(this.db, deployments);
  }

  private async whyNotWritten(
    trx: Kysely<SlipwaySchema>,
    name: string,
    expected: number | undefined,
  ): Promise<SlipwayError> {
    const current = await trx
      .selectFrom('deployments')
      .select('revision')
      .where('name', '=', name)
      .executeTakeFirst();
    if (current === undefined) return missing(name);
    return conflict(name, expected ?? 0, Number(current.revision));
  }
}
