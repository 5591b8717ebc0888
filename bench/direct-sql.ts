import Database from 'better-sqlite3';
import pg from 'pg';
import type { BenchBackend } from './backends.js';

/** Rows shaped like the `metrics` table the server writes. */
export interface MetricRow {
  run_id: string;
  key: string;
  value: number;
  timestamp: number;
  step: number;
}

function sqliteFile(uri: string): string {
  return uri.slice('sqlite:'.length);
}

/**
 * The floor: the same metric rows inserted straight into the same database with the same driver in one
 * transaction (prepared statement loop on better-sqlite3; 1000-row multi-value INSERTs on pg).
 * Returns rows per second.
 */
export async function rawInsertRate(backend: BenchBackend, rows: MetricRow[]): Promise<number> {
  if (backend.name === 'sqlite') {
    const db = new Database(sqliteFile(backend.uri));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const stmt = db.prepare(
      'INSERT INTO metrics (run_id, key, value, timestamp, step, is_nan) VALUES (?, ?, ?, ?, ?, 0)',
    );
    const t0 = performance.now();
    db.transaction(() => {
      for (const r of rows) stmt.run(r.run_id, r.key, r.value, r.timestamp, r.step);
    })();
    const secs = (performance.now() - t0) / 1000;
    db.close();
    return rows.length / secs;
  }
  const client = new pg.Client({ connectionString: backend.uri });
  client.on('error', (err) => console.error(`floor connection: ${err.message}`));
  await client.connect();
  const t0 = performance.now();
  await client.query('BEGIN');
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    const values: unknown[] = [];
    const tuples = chunk.map((r, j) => {
      values.push(r.run_id, r.key, r.value, r.timestamp, r.step);
      const b = j * 5;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, 0)`;
    });
    await client.query(
      `INSERT INTO metrics (run_id, key, value, timestamp, step, is_nan) VALUES ${tuples.join(',')}`,
      values,
    );
  }
  await client.query('COMMIT');
  const secs = (performance.now() - t0) / 1000;
  await client.end();
  return rows.length / secs;
}

/**
 * Seeds `runs` runs with 10 params and 10 metrics each straight into the tables (far faster than the
 * API, and the search benchmark measures reads, not this). p<j> = 'v<run % 10>'; m<j> uniform in [0, 1).
 */
export async function seedRuns(
  backend: BenchBackend,
  experimentId: number,
  runs: number,
): Promise<void> {
  let seed = 42;
  const rand = () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const now = 1_700_000_000_000;
  const tables = {
    runs: [] as unknown[][],
    params: [] as unknown[][],
    metrics: [] as unknown[][],
    tags: [] as unknown[][],
  };
  const flushAt = 20_000;
  const exec = await executor(backend);
  const flush = async () => {
    await exec.insert(
      'runs',
      [
        'run_id',
        'name',
        'experiment_id',
        'user_id',
        'status',
        'start_time',
        'end_time',
        'artifact_uri',
        'lifecycle_stage',
        'deleted_time',
      ],
      tables.runs,
    );
    await exec.insert('run_tags', ['run_id', 'key', 'value'], tables.tags);
    await exec.insert('params', ['run_id', 'key', 'value'], tables.params);
    await exec.insert(
      'metrics',
      ['run_id', 'key', 'value', 'timestamp', 'step', 'is_nan'],
      tables.metrics,
    );
    await exec.insert(
      'latest_metrics',
      ['run_id', 'key', 'value', 'timestamp', 'step', 'is_nan'],
      tables.metrics,
    );
    tables.runs = [];
    tables.params = [];
    tables.metrics = [];
    tables.tags = [];
  };
  await exec.begin();
  for (let i = 0; i < runs; i++) {
    const id = `${i.toString(16).padStart(8, '0')}${'0'.repeat(24)}`;
    const name = `run-${i}`;
    tables.runs.push([
      id,
      name,
      experimentId,
      'bench',
      'FINISHED',
      now + i,
      now + i + 1000,
      `mlflow-artifacts:/${experimentId}/${id}/artifacts`,
      'active',
      null,
    ]);
    tables.tags.push([id, 'mlflow.runName', name]);
    for (let j = 0; j < 10; j++) {
      tables.params.push([id, `p${j}`, `v${(i + j) % 10}`]);
      tables.metrics.push([id, `m${j}`, rand(), now + i, 0, 0]);
    }
    if (tables.runs.length >= flushAt / 10) await flush();
  }
  await flush();
  await exec.commit();
  await exec.close();
}

interface Executor {
  begin(): Promise<void>;
  insert(table: string, columns: string[], rows: unknown[][]): Promise<void>;
  commit(): Promise<void>;
  close(): Promise<void>;
}

async function executor(backend: BenchBackend): Promise<Executor> {
  if (backend.name === 'sqlite') {
    const db = new Database(sqliteFile(backend.uri));
    db.pragma('journal_mode = WAL');
    const statements = new Map<string, Database.Statement>();
    return {
      begin: async () => void db.exec('BEGIN'),
      insert: async (table, columns, rows) => {
        const sql = `INSERT INTO ${table} (${columns.join(',')}) VALUES (${columns.map(() => '?').join(',')})`;
        let stmt = statements.get(sql);
        if (!stmt) {
          stmt = db.prepare(sql);
          statements.set(sql, stmt);
        }
        for (const r of rows) stmt.run(...r);
      },
      commit: async () => {
        db.exec('COMMIT');
        db.exec('ANALYZE');
      },
      close: async () => void db.close(),
    };
  }
  const client = new pg.Client({ connectionString: backend.uri });
  client.on('error', (err) => console.error(`seed connection: ${err.message}`));
  await client.connect();
  return {
    begin: async () => void (await client.query('BEGIN')),
    insert: async (table, columns, rows) => {
      const per = Math.floor(60_000 / columns.length);
      for (let i = 0; i < rows.length; i += per) {
        const chunk = rows.slice(i, i + per);
        const values: unknown[] = [];
        const tuples = chunk.map((r, j) => {
          values.push(...r);
          return `(${columns.map((_, c) => `$${j * columns.length + c + 1}`).join(',')})`;
        });
        await client.query(
          `INSERT INTO ${table} (${columns.join(',')}) VALUES ${tuples.join(',')}`,
          values,
        );
      }
    },
    commit: async () => {
      await client.query('COMMIT');
      await client.query('ANALYZE');
    },
    close: () => client.end(),
  };
}
