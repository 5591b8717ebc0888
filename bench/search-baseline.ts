import Database from 'better-sqlite3';
import pg from 'pg';
import type { BenchBackend } from './backends.js';

/**
 * The same-run baseline of the search benchmark: the benchmark's query as one plain SQL statement
 * that joins every run of the experiment to its filter and order rows and sorts them (what a store
 * without the index walk asks the database for, and close to MLflow's SQLAlchemy query), sent
 * straight to the database by one client with no HTTP, no JSON and no params/metrics/tags loaded.
 * Returns the mean ms per query over `seconds`.
 */
export async function fullSortSearchMs(
  backend: BenchBackend,
  experimentId: number,
  seconds: number,
): Promise<number> {
  const query = `select runs.run_id from runs
  join latest_metrics f0 on f0.run_id = runs.run_id and f0.key = 'm1' and f0.is_nan = 0 and f0.value > 0.5
  join params f1 on f1.run_id = runs.run_id and f1.key = 'p1' and f1.value = 'v3'
  left join latest_metrics o0 on o0.run_id = runs.run_id and o0.key = 'm2'
  where runs.experiment_id = ${experimentId} and runs.lifecycle_stage = 'active'
  order by case when o0.run_id is null then 2 when o0.is_nan = 1 then 1 else 0 end,
    o0.value desc, runs.start_time desc, runs.run_id asc
  limit 101`;
  const deadline = performance.now() + seconds * 1000;
  let calls = 0;
  const t0 = performance.now();
  if (backend.name === 'sqlite') {
    const db = new Database(backend.uri.slice('sqlite:'.length), { readonly: true });
    db.pragma('cache_size = -131072');
    db.pragma('mmap_size = 1073741824');
    const statement = db.prepare(query);
    while (performance.now() < deadline) {
      if (statement.all().length !== 101) throw new Error('baseline query: expected 101 rows');
      calls += 1;
    }
    db.close();
  } else {
    const client = new pg.Client({ connectionString: backend.uri });
    await client.connect();
    while (performance.now() < deadline) {
      if ((await client.query(query)).rows.length !== 101) {
        throw new Error('baseline query: expected 101 rows');
      }
      calls += 1;
    }
    await client.end();
  }
  return (performance.now() - t0) / Math.max(1, calls);
}
