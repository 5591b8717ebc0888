import { CompiledQuery } from 'kysely';
import type { Metric } from '@slipway/core';
import type { SqlDialectName } from './sql-database.js';
import { chunked } from './tracking-rows.js';

// SQLITE_MAX_VARIABLE_NUMBER since SQLite 3.32.
const SQLITE_MAX_BOUND_PARAMETERS = 32_766;
export const POINT_COLUMNS = '"run_id", "key", "value", "timestamp", "step", "is_nan"';
const WIDTH = 6;

// The metrics primary key covers every column, so logging the very same point twice is a no-op.
export const METRICS_SUFFIX = 'on conflict do nothing';

// MLflow's latest-metric rule evaluated against the stored row, so that concurrent batches only
// ever move latest_metrics forward: larger step, then larger timestamp, then larger value, with
// NaN (is_nan = 1, value stored as 0) larger than any number. An equal point changes nothing.
export const LATEST_SUFFIX = `on conflict ("run_id", "key") do update set
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
 * Statements writing metric points of one run into `metrics` or `latest_metrics`, followed by
 * `suffix` (an ON CONFLICT clause).
 *
 * This is the hot logging path, so the SQL text is built here rather than through Kysely's insert
 * builder, which would allocate an operation node per cell (6,000 for a 1,000-point batch) only
 * to print placeholders. Table names and suffixes are constants of the caller, never user input;
 * every value is a bound parameter.
 *
 * - SQLite: multi-row VALUES over a flat parameter array, chunked under its bound-parameter limit.
 * - PostgreSQL: one INSERT ... SELECT FROM unnest() of six typed arrays. The text and parameter
 *   count stay constant whatever the batch size (no re-parsing a 6,000-placeholder statement, no
 *   65,535-parameter limit); measured about 30% faster than VALUES for 1,000 points. unnest keeps
 *   array order, so rows are written (and locked) in the order given.
 */
export function pointStatements(
  dialect: SqlDialectName,
  table: 'metrics' | 'latest_metrics',
  runId: string,
  points: readonly Metric[],
  suffix: string,
): CompiledQuery[] {
  if (points.length === 0) return [];
  return dialect === 'postgres'
    ? [postgresStatement(table, runId, points, suffix)]
    : chunked(points, Math.floor(SQLITE_MAX_BOUND_PARAMETERS / WIDTH)).map((chunk) =>
        sqliteStatement(table, runId, chunk, suffix),
      );
}

function sqliteStatement(
  table: string,
  runId: string,
  points: readonly Metric[],
  suffix: string,
): CompiledQuery {
  const values: unknown[] = new Array<unknown>(points.length * WIDTH);
  let i = 0;
  for (const m of points) {
    const nan = Number.isNaN(m.value);
    values[i++] = runId;
    values[i++] = m.key;
    values[i++] = nan ? 0 : m.value;
    values[i++] = m.timestamp;
    values[i++] = m.step;
    values[i++] = nan ? 1 : 0;
  }
  const rows = new Array<string>(points.length).fill('(?, ?, ?, ?, ?, ?)').join(', ');
  return CompiledQuery.raw(
    `insert into "${table}" (${POINT_COLUMNS}) values ${rows} ${suffix}`,
    values,
  );
}

function postgresStatement(
  table: string,
  runId: string,
  points: readonly Metric[],
  suffix: string,
): CompiledQuery {
  return CompiledQuery.raw(
    `insert into "${table}" (${POINT_COLUMNS})
select $1, u.k, u.v, u.t, u.s, u.n
from unnest($2::text[], $3::float8[], $4::int8[], $5::int8[], $6::int2[]) as u(k, v, t, s, n)
${suffix}`,
    [runId, ...pointArrays(points)],
  );
}

/**
 * The five typed arrays PostgreSQL's unnest() reads points from, in the order key, value,
 * timestamp, step, is_nan (NaN is stored as 0 with is_nan = 1).
 */
export function pointArrays(points: readonly Metric[]): unknown[] {
  const n = points.length;
  const keys = new Array<string>(n);
  const values = new Array<number>(n);
  const timestamps = new Array<number>(n);
  const steps = new Array<number>(n);
  const nans = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const m = points[i] as Metric;
    const nan = Number.isNaN(m.value);
    keys[i] = m.key;
    values[i] = nan ? 0 : m.value;
    timestamps[i] = m.timestamp;
    steps[i] = m.step;
    nans[i] = nan ? 1 : 0;
  }
  return [keys, values, timestamps, steps, nans];
}
