import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import type { Metric, MetricStepSummary, StepRange } from '@slipway/core';
import { inList, listTable } from './bound-lists.js';
import type { SqlDatabase } from './sql-database.js';
import { metricFromRow } from './tracking-rows.js';

/*
 * Metric reads by step for downsampled charts (MetricStepStore). Every query walks the metrics
 * primary key (run_id, key, step, ...): per run its steps are already in order, so a run's distinct
 * steps cost one index range scan, and the first and last step one index seek each. Nothing here
 * returns more rows than the answer needs.
 */

function inRange(range: StepRange, column: RawBuilder<unknown> = sql.ref('step')) {
  return range.end === undefined
    ? sql`${column} >= ${range.start}`
    : sql`${column} >= ${range.start} and ${column} <= ${range.end}`;
}

interface SummaryRow {
  run_id: string;
  first: number | null;
  last: number | null;
  count: number;
  lo: number | null;
  hi: number | null;
}

export async function summarizeMetricSteps(
  { db, dialect }: SqlDatabase,
  runIds: readonly string[],
  key: string,
  range: StepRange,
): Promise<MetricStepSummary[]> {
  const ids = [...new Set(runIds)];
  if (ids.length === 0) return [];
  const run = sql.ref('r.value');
  const ofRun = sql`m.run_id = ${run} and m.key = ${key}`;
  const window = sql`${ofRun} and ${inRange(range, sql.ref('m.step'))}`;
  // Counting a subquery's DISTINCT lets both engines deduplicate the already ordered index scan
  // (PostgreSQL would sort for count(distinct)); min and max are single index seeks.
  const { rows } = await sql<SummaryRow>`select ${run} as run_id,
      (select min(m.step) from metrics m where ${ofRun}) as first,
      (select max(m.step) from metrics m where ${ofRun}) as last,
      (select count(*) from (select distinct m.step from metrics m where ${window}) d) as count,
      (select min(m.step) from metrics m where ${window}) as lo,
      (select max(m.step) from metrics m where ${window}) as hi
    from ${listTable(dialect, ids, 'text', 'r')}`.execute(db);
  const byRun = new Map(rows.map((row) => [row.run_id, row]));
  return ids.map((runId) => {
    const row = byRun.get(runId);
    return {
      runId,
      first: row?.first ?? undefined,
      last: row?.last ?? undefined,
      count: Number(row?.count ?? 0),
      min: row?.lo ?? undefined,
      max: row?.hi ?? undefined,
    };
  });
}

/**
 * MLflow's sample of the runs' distinct steps inside the range, numbered and picked in one
 * statement: all of them when there are at most `maxResults`, otherwise those at positions
 * int(i * (count / maxResults)) for i < maxResults, and the last. The arithmetic is IEEE doubles
 * on both engines, as in Python (and in core's sampledStepPositions), so a product that lands just
 * under an integer truncates the same way. At most one i can give a position (the interval exceeds
 * 1), and it is int(idx / interval) or the next integer, so each step is tested without listing
 * the positions.
 */
export async function sampleMetricSteps(
  { db, dialect }: SqlDatabase,
  runIds: readonly string[],
  key: string,
  range: StepRange,
  maxResults: number,
): Promise<{ count: number; steps: number[] }> {
  if (runIds.length === 0) return { count: 0, steps: [] };
  const ids = [...new Set(runIds)];
  const trunc = (x: RawBuilder<unknown>) =>
    dialect === 'postgres' ? sql`trunc(${x})` : sql`cast(${x} as integer)`;
  const real = dialect === 'postgres' ? sql`float8` : sql`real`;
  const i0 = trunc(sql`idx / itv`);
  const { rows } = await sql<{ step: number; n: number }>`with s as materialized (
      select distinct step from metrics
      where ${inList(dialect, sql.ref('run_id'), ids, 'text')} and key = ${key} and ${inRange(range)}
    ),
    t as (select count(*) as n, cast(count(*) as ${real}) / ${maxResults} as itv from s),
    numbered as (select step, row_number() over (order by step) - 1 as idx from s)
    select step, n from numbered, t
    where n <= ${maxResults} or idx = n - 1
      or (${i0} < ${maxResults} and ${trunc(sql`${i0} * itv`)} = idx)
      or (${i0} + 1 < ${maxResults} and ${trunc(sql`(${i0} + 1) * itv`)} = idx)
    order by step`.execute(db);
  return { count: Number(rows[0]?.n ?? 0), steps: rows.map((row) => row.step) };
}

export async function metricPointsAt(
  { db, dialect }: SqlDatabase,
  runId: string,
  key: string,
  at: { steps: readonly number[] } | { range: StepRange },
  limit: number,
): Promise<Metric[]> {
  const columns = sql`m.key, m.value, m.timestamp, m.step, m.is_nan`;
  // The primary key's order, so the points come off the index without a sort.
  const order = sql`order by m.step, m.timestamp, m.value, m.is_nan limit ${limit}`;
  let query;
  if ('range' in at) {
    query = sql`select ${columns} from metrics m
      where m.run_id = ${runId} and m.key = ${key} and ${inRange(at.range, sql.ref('m.step'))} ${order}`;
  } else if (at.steps.length === 0) {
    return [];
  } else if (dialect === 'postgres') {
    // A join probes the index once per step; = any() over a second index column did worse.
    query = sql`select ${columns} from ${listTable(dialect, at.steps, 'bigint', 's')}
      join metrics m on m.run_id = ${runId} and m.key = ${key} and m.step = s.value ${order}`;
  } else {
    query = sql`select ${columns} from metrics m
      where m.run_id = ${runId} and m.key = ${key}
        and ${inList(dialect, sql.ref('m.step'), at.steps, 'bigint')} ${order}`;
  }
  const { rows } = await query.execute(db);
  return (rows as Parameters<typeof metricFromRow>[0][]).map(metricFromRow);
}
