import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type {
  MonitorHistoryQuery,
  MonitorRecord,
  MonitorRunResult,
  MonitorStore,
  NewAuditEvent,
} from '@slipway/core';
import { SqlAuditStore } from './audit-store.js';
import { monitorFromRow, resultRows, runsFromRows } from './monitor-rows.js';
import type { SlipwaySchema } from './schema.js';
import type { SqlDatabase } from './sql-database.js';
import { transact } from './transact.js';

/** Monitors and their results on SQLite or PostgreSQL (migration 0009). */
export class SqlMonitorStore implements MonitorStore {
  private readonly db: Kysely<SlipwaySchema>;

  constructor(private readonly database: SqlDatabase) {
    this.db = database.db;
  }

  async put(record: MonitorRecord, audit: NewAuditEvent): Promise<{ created: boolean }> {
    return transact(this.db, async (trx) => {
      const existing = await trx
        .selectFrom('monitors')
        .select('name')
        .where('name', '=', record.name)
        .executeTakeFirst();
      const spec = JSON.stringify(record.spec);
      if (existing === undefined) {
        await trx
          .insertInto('monitors')
          .values({
            name: record.name,
            deployment: record.deployment,
            spec,
            created_by: record.createdBy,
            created_at: record.createdAt,
            updated_at: record.updatedAt,
          })
          .execute();
      } else {
        // Creation facts stay those of the first apply.
        await trx
          .updateTable('monitors')
          .set({ deployment: record.deployment, spec, updated_at: record.updatedAt })
          .where('name', '=', record.name)
          .execute();
      }
      await this.auditIn(trx).append([audit]);
      return { created: existing === undefined };
    });
  }

  async get(name: string): Promise<MonitorRecord | undefined> {
    const row = await this.db
      .selectFrom('monitors')
      .selectAll()
      .where('name', '=', name)
      .executeTakeFirst();
    return row === undefined ? undefined : monitorFromRow(row);
  }

  async list(deployment?: string): Promise<MonitorRecord[]> {
    let q = this.db.selectFrom('monitors').selectAll();
    if (deployment !== undefined) q = q.where('deployment', '=', deployment);
    const rows = await q.orderBy('name').execute();
    return rows.map(monitorFromRow);
  }

  async delete(name: string, audit: NewAuditEvent): Promise<boolean> {
    return transact(this.db, async (trx) => {
      const deleted = await trx.deleteFrom('monitors').where('name', '=', name).executeTakeFirst();
      if (Number(deleted.numDeletedRows) === 0) return false;
      await trx.deleteFrom('monitor_results').where('monitor', '=', name).execute();
      await this.auditIn(trx).append([audit]);
      return true;
    });
  }

  async appendResult(result: MonitorRunResult): Promise<string> {
    const runId = randomUUID();
    await this.db.insertInto('monitor_results').values(resultRows(runId, result)).execute();
    return runId;
  }

  async history(query: MonitorHistoryQuery): Promise<MonitorRunResult[]> {
    let runs = this.db
      .selectFrom('monitor_results')
      .select((eb) => ['run_id', 'time', eb.fn.max('id').as('last_id')])
      .where('monitor', '=', query.monitor);
    if (query.from !== undefined) runs = runs.where('time', '>=', query.from);
    if (query.to !== undefined) runs = runs.where('time', '<=', query.to);
    if (query.version !== undefined) runs = runs.where('version', '=', query.version);
    const picked = await runs
      .groupBy(['run_id', 'time'])
      .orderBy('time', 'desc')
      // Runs of the same millisecond in the order they were stored.
      .orderBy('last_id', 'desc')
      .limit(query.limit)
      .execute();
    if (picked.length === 0) return [];
    const runIds = picked.map((p) => p.run_id);
    let rows = this.db.selectFrom('monitor_results').selectAll().where('run_id', 'in', runIds);
    if (query.version !== undefined) rows = rows.where('version', '=', query.version);
    return runsFromRows(runIds, await rows.orderBy('id').execute());
  }

  async getRun(monitor: string, runId: string): Promise<MonitorRunResult | undefined> {
    const rows = await this.db
      .selectFrom('monitor_results')
      .selectAll()
      .where('run_id', '=', runId)
      .where('monitor', '=', monitor)
      .orderBy('id')
      .execute();
    return runsFromRows([runId], rows)[0];
  }

  async deleteResultsBefore(cutoff: number): Promise<number> {
    const deleted = await this.db
      .deleteFrom('monitor_results')
      .where('time', '<', cutoff)
      .executeTakeFirst();
    return Number(deleted.numDeletedRows);
  }

  private auditIn(trx: Kysely<SlipwaySchema>): SqlAuditStore {
    return new SqlAuditStore({ ...this.database, db: trx });
  }
}
