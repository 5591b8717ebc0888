import { CompiledQuery, type Kysely } from 'kysely';
import type { Metric, Tag } from '@slipway/core';
import { LATEST_SUFFIX, METRICS_SUFFIX, POINT_COLUMNS, pointArrays } from './run-bulk-sql.js';
import type { SlipwaySchema } from './schema.js';

/** PostgreSQL's deadlock_detected: the whole statement was rolled back and may simply run again. */
const DEADLOCK = '40P01';
const ATTEMPTS = 3;

export interface PointsAndTags {
  /** Sorted over the metrics primary key. */
  points: readonly Metric[];
  /** The winning point per key, sorted by key. */
  latest: readonly Metric[];
  /** Sorted by key. */
  tags: readonly Tag[];
  /** Write only if the run is active. */
  activeOnly: boolean;
}

/**
 * A log-batch without params or a rename as ONE statement on PostgreSQL: the run check, the
 * metric points, the latest values and the tags are data-modifying CTEs of a single query, which
 * PostgreSQL runs atomically without BEGIN/COMMIT. Four round trips (BEGIN, two inserts, COMMIT)
 * become one. Params stay on the transactional path: a changed param must fail the batch after
 * reading the stored value.
 *
 * Every insert selects from `live`, the run's row (if active, when asked), so a missing or
 * inactive run writes nothing and needs no foreign-key error; returns whether the run was live.
 * The order the CTEs run in is up to PostgreSQL, so two batches carrying the very same point may
 * lock rows in different orders and deadlock; PostgreSQL then aborts one, which runs again
 * (outside a caller's transaction only: the abort has ended that).
 */
export async function logPointsAndTags(
  db: Kysely<SlipwaySchema>,
  runId: string,
  batch: PointsAndTags,
): Promise<boolean> {
  const query = statement(runId, batch);
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await db.executeQuery<{ live: number }>(query);
      return (result.rows[0]?.live ?? 0) > 0;
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code !== DEADLOCK || db.isTransaction || attempt >= ATTEMPTS) throw err;
    }
  }
}

function statement(runId: string, batch: PointsAndTags): CompiledQuery {
  const parameters: unknown[] = [runId];
  const ctes = [
    `live as (select run_id from runs where run_id = $1${batch.activeOnly ? ` and lifecycle_stage = 'active'` : ''})`,
  ];
  const insertPoints = (table: string, points: readonly Metric[], suffix: string) => {
    const first = parameters.length + 1;
    parameters.push(...pointArrays(points));
    const p = (i: number) => `$${first + i}`;
    ctes.push(`${table}_in as (insert into "${table}" (${POINT_COLUMNS})
select live.run_id, u.k, u.v, u.t, u.s, u.n
from live, unnest(${p(0)}::text[], ${p(1)}::float8[], ${p(2)}::int8[], ${p(3)}::int8[], ${p(4)}::int2[]) as u(k, v, t, s, n)
${suffix})`);
  };
  if (batch.points.length > 0) insertPoints('metrics', batch.points, METRICS_SUFFIX);
  if (batch.latest.length > 0) insertPoints('latest_metrics', batch.latest, LATEST_SUFFIX);
  if (batch.tags.length > 0) {
    const first = parameters.length + 1;
    parameters.push(
      batch.tags.map((t) => t.key),
      batch.tags.map((t) => t.value),
    );
    ctes.push(`run_tags_in as (insert into "run_tags" ("run_id", "key", "value")
select live.run_id, u.k, u.v from live, unnest($${first}::text[], $${first + 1}::text[]) as u(k, v)
on conflict ("run_id", "key") do update set "value" = excluded."value")`);
  }
  return CompiledQuery.raw(
    `with ${ctes.join(',\n')}\nselect count(*)::int as live from live`,
    parameters,
  );
}
