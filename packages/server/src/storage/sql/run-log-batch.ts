import { transact } from './transact.js';
import type { CompiledQuery, Kysely } from 'kysely';
import {
  RUN_NAME_TAG,
  invalidArgument,
  type LogBatchInput,
  type Metric,
  type Param,
  type Tag,
} from '@slipway/core';
import { latestPerKey } from './run-latest-metrics.js';
import { pointStatements } from './run-bulk-sql.js';
import type { SlipwaySchema } from './schema.js';
import type { SqlDatabase, SqlDialectName } from './sql-database.js';
import { translateSqlErrors } from './sql-errors.js';
import { runNotFound } from './tracking-not-found.js';

// The metrics primary key covers every column, so logging the very same point twice is a no-op.
const METRICS_SUFFIX = 'on conflict do nothing';

// MLflow's latest-metric rule evaluated against the stored row, so that concurrent batches only
// ever move latest_metrics forward: larger step, then larger timestamp, then larger value, with
// NaN (is_nan = 1, value stored as 0) larger than any number. An equal point changes nothing.
const LATEST_SUFFIX = `on conflict ("run_id", "key") do update set
  "value" = excluded."value", "timestamp" = excluded."timestamp",
  "step" = excluded."step", "is_nan" = excluded."is_nan"
where excluded."step" > "latest_metrics"."step"
  or (excluded."step" = "latest_metrics"."step" and (
    excluded."timestamp" > "latest_metrics"."timestamp"
    or (excluded."timestamp" = "latest_metrics"."timestamp" and (
      (excluded."is_nan" = 1 and "latest_metrics"."is_nan" = 0)
      or (excluded."is_nan" = 0 and "latest_metrics"."is_nan" = 0
          and excluded."value" > "latest_metrics"."value")))))`;

/**
 * Writes one batch in one transaction. Everything that can be decided without the database
 * (duplicate params, the winning point per metric key, SQL text) is done before BEGIN so the
 * transaction — which on SQLite holds the single connection — stays short.
 *
 * Lock order on PostgreSQL is the same for every batch: the run row (only for a rename), then
 * params, tags, metrics and latest_metrics, each sorted by key, so concurrent batches on one run
 * wait for each other instead of deadlocking.
 */
export async function logBatch(
  database: SqlDatabase,
  runId: string,
  batch: LogBatchInput,
): Promise<void> {
  const { db, dialect } = database;
  const params = dedupeParams(batch.params);
  const tags = dedupeTags(batch.tags);
  const runName = tags.find((t) => t.key === RUN_NAME_TAG)?.value;
  const metricStatements = metricInserts(dialect, runId, batch.metrics);
  const latestStatements = pointStatements(
    dialect,
    'latest_metrics',
    runId,
    latestPerKey(batch.metrics),
    LATEST_SUFFIX,
  );

  if (params.length === 0 && tags.length === 0 && metricStatements.length === 0) {
    await requireRun(db, runId);
    return;
  }

  // A missing run surfaces as a foreign-key violation on the first insert: no extra lookup.
  await translateSqlErrors(
    () =>
      transact(db, async (trx) => {
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

function metricInserts(
  dialect: SqlDialectName,
  runId: string,
  metrics: readonly Metric[],
): CompiledQuery[] {
  let points = metrics;
  if (dialect === 'postgres' && metrics.length > 1) {
    // Two batches holding the same point would otherwise take its index-entry lock in different
    // orders; a fixed order over the whole primary key rules that deadlock out.
    points = [...metrics].sort(
      (a, b) =>
        byKeyOrder(a, b) || a.step - b.step || a.timestamp - b.timestamp || valueOrder(a, b),
    );
  }
  return pointStatements(dialect, 'metrics', runId, points, METRICS_SUFFIX);
}

function valueOrder(a: Metric, b: Metric): number {
  const an = Number.isNaN(a.value);
  const bn = Number.isNaN(b.value);
  if (an || bn) return Number(an) - Number(bn);
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

async function requireRun(db: Kysely<SlipwaySchema>, runId: string): Promise<void> {
  const row = await db
    .selectFrom('runs')
    .select('run_id')
    .where('run_id', '=', runId)
    .executeTakeFirst();
  if (row === undefined) throw runNotFound(runId);
}
