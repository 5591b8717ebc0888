import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import type { LifecycleStage, RunKeys } from '@slipway/core';
import { inList, listTable } from './bound-lists.js';
import type { SqlDatabase, SqlDialectName } from './sql-database.js';
import { experimentIdToInt } from './tracking-rows.js';

/** Where each kind of key lives: one row per (run, key), each with an index leading with key. */
const KEY_TABLES = { params: 'params', metrics: 'latest_metrics', tags: 'run_tags' } as const;
type KeyTable = (typeof KEY_TABLES)[keyof typeof KEY_TABLES];

/** The columns of each table's key index (migrations 0001 and 0008), per dialect. */
const KEY_INDEX_ORDER: Record<KeyTable, Record<SqlDialectName, string>> = {
  params: { sqlite: 'p.key, p.value', postgres: 'p.key, left(p.value, 256)' },
  run_tags: { sqlite: 'p.key, p.value', postgres: 'p.key, left(p.value, 256)' },
  latest_metrics: { sqlite: 'p.key, p.is_nan, p.value', postgres: 'p.key, p.is_nan, p.value' },
};

/** When each way of finding keys pays off (tests make them tiny to reach every branch). */
export interface KeySearchTuning {
  /** Up to this many runs, reading the experiment's own rows is the cheapest way. */
  smallExperimentRuns: number;
  /** Past this many distinct keys in a table, probing each costs more than reading the rows. */
  maxProbedKeys: number;
  /** Index entries of one key looked at when probing it for a run of the experiment. */
  probeRows: number;
  /** Keys a probe left open that are then looked up run by run rather than by reading every row. */
  maxOpenKeys: number;
}

export const KEY_SEARCH_TUNING: KeySearchTuning = {
  smallExperimentRuns: 2_000,
  maxProbedKeys: 500,
  probeRows: 64,
  maxOpenKeys: 16,
};

interface Scope {
  database: SqlDatabase;
  experimentId: number;
  stages: readonly LifecycleStage[];
  tuning: KeySearchTuning;
}

/**
 * The keys of an experiment's runs. Reading every (run, key) row of the experiment took 0.6 s on
 * SQLite and 1.2 s on PostgreSQL for 100,000 runs with 31 keys each (measured on a shared 2-core
 * machine), so large experiments go the other way round: the distinct keys of each table come from
 * its key index (one seek per key, a loose index scan), and a key is kept when one of its first
 * index entries belongs to a run of the experiment (2-20 ms on SQLite, 15-60 ms on PostgreSQL for
 * the same runs). A key with more entries than that and none of the experiment's among them is
 * decided by the experiment's rows after all, so the answer is exact whatever the data: when a
 * second experiment as large has keys of its own, the call costs what reading the rows does.
 */
export async function experimentKeys(
  database: SqlDatabase,
  experimentId: string,
  stages: readonly LifecycleStage[],
  tuning: KeySearchTuning = KEY_SEARCH_TUNING,
): Promise<RunKeys> {
  const id = experimentIdToInt(experimentId);
  const keys: RunKeys = { params: [], metrics: [], tags: [] };
  if (id === undefined || stages.length === 0) return keys;
  const scope = { database, experimentId: id, stages, tuning };
  const limit = tuning.smallExperimentRuns;
  const small = (await countRuns(scope, limit + 1)) <= limit;
  for (const kind of ['params', 'metrics', 'tags'] as const) {
    const table = KEY_TABLES[kind];
    const found = small ? await keysOfRuns(scope, table) : await probedKeys(scope, table);
    keys[kind] = found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
  return keys;
}

function runsOf({ experimentId, stages }: Scope): RawBuilder<unknown> {
  return sql`r.experiment_id = ${experimentId} and r.lifecycle_stage in (${sql.join(stages)})`;
}

/** The experiment's runs, counted up to `limit`. */
async function countRuns(scope: Scope, limit: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from
    (select 1 as one from runs r where ${runsOf(scope)} limit ${limit}) x`.execute(
    scope.database.db,
  );
  return Number(rows[0]?.n ?? 0);
}

/** DISTINCT over the experiment's rows (optionally only these keys): exact, cost ~ its rows. */
async function keysOfRuns(scope: Scope, table: string, only?: string[]): Promise<string[]> {
  const { db, dialect } = scope.database;
  const restrict = only ? sql`and ${inList(dialect, sql.ref('p.key'), only, 'text')}` : sql``;
  const { rows } = await sql<{ key: string }>`select distinct p.key from runs r
    join ${sql.table(table)} p on p.run_id = r.run_id
    where ${runsOf(scope)} ${restrict}`.execute(db);
  return rows.map((row) => row.key);
}

async function probedKeys(scope: Scope, table: KeyTable): Promise<string[]> {
  const { db, dialect } = scope.database;
  const { maxProbedKeys, probeRows, maxOpenKeys } = scope.tuning;
  // Loose index scan: each step seeks the next key, however many rows each key has.
  const { rows: all } = await sql<{ key: string }>`with recursive k(key, n) as (
      select min(key), 1 from ${sql.table(table)}
      union all
      select (select min(t.key) from ${sql.table(table)} t where t.key > k.key), k.n + 1
      from k where k.key is not null and k.n <= ${maxProbedKeys}
    ) select key from k where key is not null`.execute(db);
  if (all.length > maxProbedKeys) return keysOfRuns(scope, table);
  if (all.length === 0) return [];
  // In the key index's order, so the database walks that index: left to itself, PostgreSQL may
  // expect a sequential scan to meet a key's first rows soon, while they can all lie at its end.
  const order = sql.raw(KEY_INDEX_ORDER[table][dialect]);
  const firstEntries = sql`select p.run_id from ${sql.table(table)} p
    where p.key = k.value order by ${order} limit ${probeRows}`;
  const { rows: probes } = await sql<{ key: string; seen: number; present: number }>`
    select k.value as key,
      (select count(*) from (${firstEntries}) x) as seen,
      case when exists (select 1 from (${firstEntries}) x join runs r on r.run_id = x.run_id
        where ${runsOf(scope)}) then 1 else 0 end as present
    from ${listTable(
      dialect,
      all.map((row) => row.key),
      'text',
      'k',
    )}`.execute(db);
  const present: string[] = [];
  const open: string[] = [];
  for (const probe of probes) {
    if (Number(probe.present) === 1) present.push(probe.key);
    else if (Number(probe.seen) >= probeRows) open.push(probe.key);
    // Otherwise every entry of the key was seen and none is the experiment's.
  }
  if (open.length === 0) return present;
  if (open.length <= maxOpenKeys) {
    return [...present, ...(await keysOfRuns(scope, table, open))];
  }
  return keysOfRuns(scope, table);
}
