import { transact } from './transact.js';
import type { Kysely } from 'kysely';
import {
  RUN_NAME_TAG,
  SlipwayError,
  invalidArgument,
  runNotActive,
  type LogBatchInput,
  type LogBatchOptions,
  type Metric,
  type Param,
  type Tag,
} from '@slipway/core';
import { latestPerKey } from './run-latest-metrics.js';
import { logPointsAndTags } from './run-log-batch-postgres.js';
import { LATEST_SUFFIX, METRICS_SUFFIX, pointStatements } from './run-bulk-sql.js';
import type { SlipwaySchema } from './schema.js';
import type { SqlDatabase, SqlDialectName } from './sql-database.js';
import { translateSqlErrors } from './sql-errors.js';
import { runNotFound } from './tracking-not-found.js';

/**
 * Writes one batch atomically. Everything that can be decided without the database (duplicate
 * params, the winning point per metric key, SQL text) is done before BEGIN so the transaction —
 * which on SQLite holds the single connection — stays short. On PostgreSQL a batch without params
 * or a rename is one statement (run-log-batch-postgres.ts).
 *
 * Lock order on PostgreSQL is the same for every batch: the run row (only for a rename), then
 * params, tags, metrics and latest_metrics, each sorted by key, so concurrent batches on one run
 * wait for each other instead of deadlocking.
 */
export async function logBatch(
  database: SqlDatabase,
  runId: string,
  batch: LogBatchInput,
  options: LogBatchOptions = {},
): Promise<void> {
  const { db, dialect } = database;
  const activeOnly = options.activeOnly === true;
  const params = dedupeParams(batch.params);
  const tags = dedupeTags(batch.tags);
  const runName = tags.find((t) => t.key === RUN_NAME_TAG)?.value;
  const points = orderedPoints(dialect, batch.metrics);
  const latest = latestPerKey(batch.metrics);

  if (params.length === 0 && tags.length === 0 && points.length === 0) {
    await requireRun(db, runId, activeOnly);
    return;
  }
  if (dialect === 'postgres' && params.length === 0 && runName === undefined) {
    // Nothing written means no such (active) run; requireRun says which. If the run turned
    // active in between, the batch is written on the second pass.
    for (let pass = 0; pass < 2; pass++) {
      if (await logPointsAndTags(db, runId, { points, latest, tags, activeOnly })) return;
      await requireRun(db, runId, activeOnly);
    }
    throw new SlipwayError({
      code: 'CONFLICT',
      message: `Run ${runId} changed state while the batch was written; send it again.`,
    });
  }

  const metricStatements = pointStatements(dialect, 'metrics', runId, points, METRICS_SUFFIX);
  const latestStatements = pointStatements(dialect, 'latest_metrics', runId, latest, LATEST_SUFFIX);
  // A missing run surfaces as a foreign-key violation on the first insert: no extra lookup.
  await translateSqlErrors(
    () =>
      transact(db, async (trx) => {
        if (activeOnly) await requireRun(trx, runId, true);
        if (runName !== undefined) {
          const result = await trx
            .updateTable('runs')
            .set({ name: runName })
            .where('run_id', '=', runId)
            .executeTakeFirst();
          if (result.numUpdatedRows === 0n) throw runNotFound(runId);
        }
        if (params.length > 0) await insertParams(trx, runId, params);
        if (tags.length > 0) {
          await trx
            .insertInto('run_tags')
            .values(tags.map((t) => ({ run_id: runId, key: t.key, value: t.value })))
            .onConflict((oc) =>
              oc
                .columns(['run_id', 'key'])
                .doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })),
            )
            .execute();
        }
        for (const q of metricStatements) await trx.executeQuery(q);
        for (const q of latestStatements) await trx.executeQuery(q);
      }),
    { 'foreign-key': () => runNotFound(runId) },
  );
}

/** Params are write-once: the same value again is fine, a different one fails the batch. */
async function insertParams(trx: Kysely<SlipwaySchema>, runId: string, params: Param[]) {
  const inserted = await trx
    .insertInto('params')
    .values(params.map((p) => ({ run_id: runId, key: p.key, value: p.value })))
    .onConflict((oc) => oc.columns(['run_id', 'key']).doNothing())
    .returning('key')
    .execute();
  if (inserted.length === params.length) return;
  const fresh = new Set(inserted.map((r) => r.key));
  const existingKeys = params.filter((p) => !fresh.has(p.key)).map((p) => p.key);
  const existing = await trx
    .selectFrom('params')
    .select(['key', 'value'])
    .where('run_id', '=', runId)
    .where('key', 'in', existingKeys)
    .execute();
  const wanted = new Map(params.map((p) => [p.key, p.value]));
  for (const row of existing) {
    const value = wanted.get(row.key);
    if (value !== undefined && value !== row.value) {
      throw invalidArgument(
        `Changing param values is not allowed. Param with key='${row.key}' was already logged with value='${row.value}' for run ID='${runId}'. Attempted logging new value '${value}'.`,
        { key: row.key, oldValue: row.value, newValue: value, runId },
      );
    }
  }
}

/** One param per key; the same key with two values fails the batch (params are write-once). */
function dedupeParams(params: readonly Param[]): Param[] {
  const byKey = new Map<string, Param>();
  for (const p of params) {
    const seen = byKey.get(p.key);
    if (seen !== undefined && seen.value !== p.value) {
      throw invalidArgument(
        `Duplicate param key '${p.key}' in one batch with different values ('${seen.value}' and '${p.value}'); send one value per key.`,
        { key: p.key, values: [seen.value, p.value] },
      );
    }
    byKey.set(p.key, p);
  }
  return [...byKey.values()].sort(byKeyOrder);
}

/** The last value of a repeated tag key wins, as when the tags are set one after another. */
function dedupeTags(tags: readonly Tag[]): Tag[] {
  const byKey = new Map<string, Tag>();
  for (const t of tags) byKey.set(t.key, t);
  return [...byKey.values()].sort(byKeyOrder);
}

function byKeyOrder(a: { key: string }, b: { key: string }): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * Two PostgreSQL batches holding the same point would otherwise take its index-entry lock in
 * different orders; a fixed order over the whole primary key rules that deadlock out.
 */
function orderedPoints(dialect: SqlDialectName, metrics: readonly Metric[]): readonly Metric[] {
  if (dialect !== 'postgres' || metrics.length < 2) return metrics;
  return [...metrics].sort(
    (a, b) => byKeyOrder(a, b) || a.step - b.step || a.timestamp - b.timestamp || valueOrder(a, b),
  );
}

function valueOrder(a: Metric, b: Metric): number {
  const an = Number.isNaN(a.value);
  const bn = Number.isNaN(b.value);
  if (an || bn) return Number(an) - Number(bn);
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

/** Throws why a run cannot take a batch: it does not exist, or (activeOnly) is not active. */
async function requireRun(
  db: Kysely<SlipwaySchema>,
  runId: string,
  activeOnly: boolean,
): Promise<void> {
  const row = await db
    .selectFrom('runs')
    .select('lifecycle_stage')
    .where('run_id', '=', runId)
    .executeTakeFirst();
  if (row === undefined) throw runNotFound(runId);
  if (activeOnly && row.lifecycle_stage !== 'active') {
    throw runNotActive(runId, row.lifecycle_stage);
  }
}
