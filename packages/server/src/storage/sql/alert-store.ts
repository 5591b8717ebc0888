import type { Kysely } from 'kysely';
import type {
  AlertEvaluation,
  AlertEventQuery,
  AlertEventView,
  AlertStateView,
  AlertStore,
  RetrainingTriggerQuery,
  RetrainingTriggerView,
} from '@slipway/core';
import type { SlipwaySchema } from './schema.js';
import type { SqlDatabase } from './sql-database.js';
import { transact } from './transact.js';

const versionKey = (version: string | null) => version ?? '';

/** Alert states, their event log and retraining triggers on SQLite or PostgreSQL (migration 0011). */
export class SqlAlertStore implements AlertStore {
  private readonly db: Kysely<SlipwaySchema>;

  constructor(database: SqlDatabase) {
    this.db = database.db;
  }

  async states(monitor: string): Promise<AlertStateView[]> {
    const rows = await this.db
      .selectFrom('alert_states')
      .select('state')
      .where('monitor', '=', monitor)
      .orderBy('alert')
      .orderBy('version_key')
      .execute();
    return rows.map((r) => JSON.parse(r.state) as AlertStateView);
  }

  async record(evaluation: AlertEvaluation): Promise<void> {
    const { monitor, states, events, triggers } = evaluation;
    if (states.length + events.length + triggers.length === 0) return;
    await transact(this.db, async (trx) => {
      for (const state of states) {
        const row = {
          monitor,
          alert: state.alert,
          version_key: versionKey(state.version),
          deployment: state.deployment,
          state: JSON.stringify(state),
          status: state.status,
          updated_at: state.updatedAt,
        };
        await trx
          .insertInto('alert_states')
          .values(row)
          .onConflict((oc) =>
            oc.columns(['monitor', 'alert', 'version_key']).doUpdateSet({
              deployment: row.deployment,
              state: row.state,
              status: row.status,
              updated_at: row.updated_at,
            }),
          )
          .execute();
      }
      if (events.length > 0) {
        await trx
          .insertInto('alert_events')
          .values(
            events.map((event, seq) => ({
              id: event.id,
              monitor,
              time: event.time,
              seq,
              event: JSON.stringify(event),
            })),
          )
          .execute();
      }
      if (triggers.length > 0) {
        await trx.insertInto('retraining_triggers').values(triggers.map(triggerRow)).execute();
      }
    });
  }

  async events(query: AlertEventQuery): Promise<AlertEventView[]> {
    let q = this.db.selectFrom('alert_events').select('event').where('monitor', '=', query.monitor);
    if (query.from !== undefined) q = q.where('time', '>=', query.from);
    if (query.to !== undefined) q = q.where('time', '<=', query.to);
    const rows = await q
      .orderBy('time', 'desc')
      .orderBy('seq', 'desc')
      .limit(query.limit)
      .execute();
    return rows.map((r) => JSON.parse(r.event) as AlertEventView);
  }

  async latestTrigger(
    monitor: string,
    alert: string,
    version: string | null,
  ): Promise<RetrainingTriggerView | undefined> {
    const row = await this.db
      .selectFrom('retraining_triggers')
      .select(['trigger', 'status'])
      .where('monitor', '=', monitor)
      .where('alert', '=', alert)
      .where('version_key', '=', versionKey(version))
      .orderBy('time', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row === undefined ? undefined : fromRow(row);
  }

  async getTrigger(id: string): Promise<RetrainingTriggerView | undefined> {
    const row = await this.db
      .selectFrom('retraining_triggers')
      .select(['trigger', 'status'])
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : fromRow(row);
  }

  async triggers(query: RetrainingTriggerQuery): Promise<RetrainingTriggerView[]> {
    if (query.deployments !== undefined && query.deployments.length === 0) return [];
    let q = this.db.selectFrom('retraining_triggers').select(['trigger', 'status']);
    if (query.deployments !== undefined) q = q.where('deployment', 'in', query.deployments);
    if (query.status !== undefined) q = q.where('status', '=', query.status);
    const rows = await q.orderBy('time', 'desc').orderBy('id').limit(query.limit).execute();
    return rows.map(fromRow);
  }

  async claimTrigger(
    id: string,
    by: string,
    at: number,
  ): Promise<RetrainingTriggerView | undefined> {
    return transact(this.db, async (trx) => {
      const row = await trx
        .selectFrom('retraining_triggers')
        .select(['trigger', 'status'])
        .where('id', '=', id)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      const claimed: RetrainingTriggerView = {
        ...fromRow(row),
        status: 'claimed',
        claimedBy: by,
        claimedAt: at,
      };
      // The status condition makes the claim atomic: of two claimants one updates a row.
      const updated = await trx
        .updateTable('retraining_triggers')
        .set({ status: 'claimed', trigger: JSON.stringify(claimed) })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(updated.numUpdatedRows) === 1 ? claimed : undefined;
    });
  }

  async deleteMonitor(monitor: string): Promise<void> {
    await transact(this.db, async (trx) => {
      await trx.deleteFrom('alert_states').where('monitor', '=', monitor).execute();
      await trx.deleteFrom('alert_events').where('monitor', '=', monitor).execute();
    });
  }

  async pruneStates(monitor: string, keep: readonly string[]): Promise<void> {
    let q = this.db.deleteFrom('alert_states').where('monitor', '=', monitor);
    if (keep.length > 0) q = q.where('alert', 'not in', keep);
    await q.execute();
  }
}

function triggerRow(trigger: RetrainingTriggerView) {
  return {
    id: trigger.id,
    monitor: trigger.monitor,
    alert: trigger.alert,
    version_key: versionKey(trigger.version),
    deployment: trigger.deployment,
    time: trigger.time,
    status: trigger.status,
    trigger: JSON.stringify(trigger),
  };
}

function fromRow(row: { trigger: string; status: string }): RetrainingTriggerView {
  return {
    ...(JSON.parse(row.trigger) as RetrainingTriggerView),
    status: row.status as RetrainingTriggerView['status'],
  };
}
