// Prediction-log benchmark: flusher throughput (records/s through PredictionLogger into the SQL
// store) and the serving process's CPU per record, on SQLite and PostgreSQL, for a 30-float and a
// 784-float input. Measured in the same run: the JSON-text path the logger used before the binary
// encoding (baseline, reimplemented here) and a raw driver insert of the same encoded bytes (floor).
// On SQLite also: inline appends (on the main connection) against the writer thread, and how long
// each blocks the main thread's event loop while serving-rate logging flushes in the background.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { float16BitsToNumber, type PredictionWrite, type Tensor } from '@slipway/core';
import { PredictionLogger } from '../packages/server/src/prediction-log/prediction-logger.js';
import type { PredictionEvent } from '../packages/server/src/prediction-log/prediction-event.js';
import { serializeEvent } from '../packages/server/src/prediction-log/serialize-event.js';
import { migrateToLatest } from '../packages/server/src/storage/sql/migrate.js';
import { openDatabase } from '../packages/server/src/storage/sql/open-database.js';
import { SqlPredictionLogStore } from '../packages/server/src/storage/sql/prediction-log-store.js';
import {
  PREDICTION_COLUMNS,
  predictionValues,
  type PredictionValues,
} from '../packages/server/src/storage/sql/prediction-rows.js';
import type { SqlDatabase } from '../packages/server/src/storage/sql/sql-database.js';
import { postgresBackend, sqliteBackend } from './backends.js';

const BATCH = 256;
const POOL = 1024;
const SHAPES = [
  { name: '30 in / 2 out', inputs: 30, outputs: 2 },
  { name: '784 in / 10 out', inputs: 784, outputs: 10 },
];

interface Phase {
  recordsPerSec: number;
  cpuUsPerRecord: number;
}

function events(inputs: number, outputs: number): PredictionEvent[] {
  const floats = (n: number) => Float32Array.from({ length: n }, () => Math.random() * 2 - 1);
  return Array.from({ length: POOL }, (_, i) => ({
    requestId: `bench-${i}-${Math.random().toString(36).slice(2, 10)}`,
    deployment: 'bench',
    modelName: 'mlp',
    modelVersion: '3',
    variant: 'stable',
    inputs: [{ name: 'input', datatype: 'FP32', shape: [1, inputs], data: floats(inputs) }],
    outputs: [{ name: 'output', datatype: 'FP32', shape: [1, outputs], data: floats(outputs) }],
    latencyMs: 1 + Math.random(),
    status: 'ok',
    time: 1_700_000_000_000 + i,
  }));
}

/** Runs `batch` back to back for `seconds`; `batch` returns the records it wrote. */
async function measure(seconds: number, batch: () => Promise<number>): Promise<Phase> {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  let records = 0;
  while (performance.now() - t0 < seconds * 1000) records += await batch();
  const secs = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu);
  return { recordsPerSec: records / secs, cpuUsPerRecord: (used.user + used.system) / records };
}

/** PredictionLogger -> store, 8 full batches per round, until the time is up. */
function throughLogger(
  store: ConstructorParameters<typeof PredictionLogger>[0]['store'],
  pool: PredictionEvent[],
  seconds: number,
): Promise<Phase> {
  const logger = new PredictionLogger({ store, batchSize: BATCH, capacity: 10_000 });
  let next = 0;
  return measure(seconds, async () => {
    const before = logger.stats().flushedRecords;
    for (let i = 0; i < 8 * BATCH; i++) logger.log(pool[next++ % POOL] as PredictionEvent);
    await logger.flush();
    const { flushedRecords, dropped } = logger.stats();
    if (dropped.buffer_full + dropped.store_error + dropped.invalid > 0) {
      throw new Error(`bench logger dropped records: ${JSON.stringify(dropped)}`);
    }
    return flushedRecords - before;
  });
}

/** The logger's background flushes while `rate` records/s are logged, one 1 ms timer tick at a time. */
interface LoopPhase {
  recordsPerSec: number;
  maxMs: number;
  p99Ms: number;
  /** Share of the wall time the main thread was busy (event-loop utilization). */
  busy: number;
}

async function eventLoopPhase(
  store: ConstructorParameters<typeof PredictionLogger>[0]['store'],
  pool: PredictionEvent[],
  seconds: number,
  rate: number,
): Promise<LoopPhase> {
  const logger = new PredictionLogger({ store, batchSize: BATCH, capacity: 50_000 });
  // Samples every 1 ms, so a sample is 1 ms plus however long the loop was held up.
  const delay = monitorEventLoopDelay({ resolution: 1 });
  const elu = performance.eventLoopUtilization();
  const t0 = performance.now();
  delay.enable();
  let logged = 0;
  for (let now = t0; now - t0 < seconds * 1000; now = performance.now()) {
    const due = Math.floor(((now - t0) / 1000) * rate);
    for (; logged < due; logged++) logger.log(pool[logged % POOL] as PredictionEvent);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  delay.disable();
  const busy = performance.eventLoopUtilization(elu).utilization;
  await logger.close();
  const { flushedRecords, dropped } = logger.stats();
  if (dropped.buffer_full + dropped.store_error + dropped.invalid > 0) {
    throw new Error(`bench logger dropped records: ${JSON.stringify(dropped)}`);
  }
  return {
    recordsPerSec: flushedRecords / ((performance.now() - t0) / 1000),
    maxMs: delay.max / 1e6,
    p99Ms: delay.percentile(99) / 1e6,
    busy,
  };
}

// --- Baseline: the JSON-text path as it was (toLoggedTensor, JSON.stringify, Kysely insert). ---

interface JsonRow {
  request_id: string;
  deployment: string;
  model_name: string;
  model_version: string;
  variant: string | null;
  inputs: string;
  outputs: string;
  latency_ms: number;
  status: string;
  error: string | null;
  time: number;
}

const BASELINE_TABLE = 'predictions_json_baseline';

function finiteOrName(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}

function toLoggedTensor(tensor: Tensor): unknown {
  const { datatype } = tensor;
  let data: unknown[];
  switch (datatype) {
    case 'BYTES':
      data = (tensor.data as Uint8Array[]).map((b) => Buffer.from(b).toString('base64'));
      break;
    case 'BOOL':
      data = Array.from(tensor.data as Uint8Array, (value) => value !== 0);
      break;
    case 'INT64':
    case 'UINT64':
      data = Array.from(tensor.data as BigInt64Array, (value) => String(value));
      break;
    case 'FP16':
      data = Array.from(tensor.data as Uint16Array, (b) => finiteOrName(float16BitsToNumber(b)));
      break;
    case 'FP32':
    case 'FP64':
      data = Array.from(tensor.data as Float32Array, finiteOrName);
      break;
    default:
      data = Array.from(tensor.data as ArrayLike<number>);
  }
  return { name: tensor.name, datatype, shape: [...tensor.shape], data };
}

async function createBaselineTable(
  database: SqlDatabase,
): Promise<Kysely<Record<string, JsonRow>>> {
  const db = database.db as unknown as Kysely<Record<string, JsonRow>>;
  const postgres = database.dialect === 'postgres';
  await db.schema
    .createTable(BASELINE_TABLE)
    .addColumn('id', postgres ? 'bigserial' : 'integer', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('deployment', 'text', (c) => c.notNull())
    .addColumn('model_name', 'text', (c) => c.notNull())
    .addColumn('model_version', 'text', (c) => c.notNull())
    .addColumn('variant', 'text')
    .addColumn('inputs', 'text', (c) => c.notNull())
    .addColumn('outputs', 'text', (c) => c.notNull())
    .addColumn('latency_ms', 'double precision', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('time', 'bigint', (c) => c.notNull())
    .execute();
  const indexes: [string, string[]][] = [
    ['deployment_time', ['deployment', 'time', 'id']],
    ['deployment_request', ['deployment', 'request_id']],
    ['time', ['time']],
  ];
  for (const [name, columns] of indexes) {
    await db.schema
      .createIndex(`${BASELINE_TABLE}_${name}_idx`)
      .on(BASELINE_TABLE)
      .columns(columns)
      .execute();
  }
  return db;
}

function jsonBaselineStore(db: Kysely<Record<string, JsonRow>>) {
  return {
    async append(records: readonly PredictionWrite[]): Promise<void> {
      const rows = records.map((r) => ({
        request_id: r.requestId,
        deployment: r.deployment,
        model_name: r.modelName,
        model_version: r.modelVersion,
        variant: r.variant ?? null,
        inputs: JSON.stringify(r.inputs.map(toLoggedTensor)),
        outputs: JSON.stringify(r.outputs.map(toLoggedTensor)),
        latency_ms: r.latencyMs,
        status: r.status,
        error: r.error ?? null,
        time: r.time,
      }));
      await db.insertInto(BASELINE_TABLE).values(rows).execute();
    },
  } as ConstructorParameters<typeof PredictionLogger>[0]['store'];
}

// --- Floor: the same encoded rows straight through the driver, nothing else. ---

const COLUMN_LIST = PREDICTION_COLUMNS.map((c) => `"${c}"`).join(', ');

async function rawFloor(
  database: SqlDatabase,
  uri: string,
  rows: PredictionValues[],
  seconds: number,
): Promise<Phase> {
  const batches: PredictionValues[][] = [];
  for (let i = 0; i + BATCH <= rows.length; i += BATCH) batches.push(rows.slice(i, i + BATCH));
  let next = 0;
  if (database.withSqlite !== undefined) {
    const withSqlite = database.withSqlite.bind(database);
    const text = `insert into "predictions" (${COLUMN_LIST}) values (${PREDICTION_COLUMNS.map(() => '?').join(', ')})`;
    return measure(seconds, () =>
      withSqlite((sqlite, prepare) => {
        const batch = batches[next++ % batches.length] as PredictionValues[];
        const statement = prepare(text);
        sqlite.transaction(() => {
          for (const row of batch) statement.run(row);
        })();
        return batch.length;
      }),
    );
  }
  const client = new pg.Client({ connectionString: uri });
  await client.connect();
  try {
    const columnBatches = batches.map((batch) =>
      PREDICTION_COLUMNS.map((_, c) => batch.map((row) => row[c])),
    );
    const text = `insert into "predictions" (${COLUMN_LIST})
select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
  $6::bytea[], $7::bytea[], $8::float8[], $9::text[], $10::text[], $11::int8[])`;
    return await measure(seconds, async () => {
      const values = columnBatches[next++ % columnBatches.length] as unknown[][];
      await client.query({ name: 'bench-prediction-floor', text, values });
      return BATCH;
    });
  } finally {
    await client.end();
  }
}

async function clear(database: SqlDatabase): Promise<void> {
  for (const table of ['predictions', BASELINE_TABLE]) {
    const db = database.db as unknown as Kysely<Record<string, JsonRow>>;
    await db.deleteFrom(table).execute();
  }
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });

function line(label: string, phase: Phase, baseline: Phase, floor: Phase): void {
  console.log(
    `  ${label.padEnd(16)}: ${fmt(phase.recordsPerSec).padStart(7)} records/s (${(phase.recordsPerSec / baseline.recordsPerSec).toFixed(2)}x baseline, ${(phase.recordsPerSec / floor.recordsPerSec).toFixed(2)} of floor), CPU ${fmt(phase.cpuUsPerRecord, 1)} us/record (${(phase.cpuUsPerRecord / baseline.cpuUsPerRecord).toFixed(2)}x baseline)`,
  );
}

async function benchBackend(name: 'sqlite' | 'postgres', workDir: string, seconds: number) {
  const backend = name === 'sqlite' ? sqliteBackend(workDir) : await postgresBackend();
  const database = await openDatabase(backend.uri, { poolSize: 4 });
  // SQLite: a second main connection to the same file whose log appends run inline.
  const inlineDatabase =
    name === 'sqlite' ? await openDatabase(backend.uri, { predictionLogThread: false }) : undefined;
  try {
    await migrateToLatest(database);
    const baselineDb = await createBaselineTable(database);
    const store = new SqlPredictionLogStore(database);
    const inlineStore = inlineDatabase && new SqlPredictionLogStore(inlineDatabase);
    console.log(`== ${name}`);
    for (const shape of SHAPES) {
      const pool = events(shape.inputs, shape.outputs);
      const sample = serializeEvent(pool[0] as PredictionEvent);
      const jsonBytes = Buffer.byteLength(JSON.stringify(sample.inputs.map(toLoggedTensor)));
      const binaryBytes = (predictionValues([sample])[0] as PredictionValues)[5].byteLength;
      // Pre-encoded rows for the floor: the encoding is not part of what it measures.
      const rows = predictionValues(
        Array.from({ length: 8 * BATCH }, (_, i) =>
          serializeEvent(pool[i % POOL] as PredictionEvent),
        ),
      );
      await clear(database);
      const baseline = await throughLogger(jsonBaselineStore(baselineDb), pool, seconds);
      await clear(database);
      const ours = await throughLogger(store, pool, seconds);
      await clear(database);
      const inline = inlineStore && (await throughLogger(inlineStore, pool, seconds));
      await clear(database);
      const floor = await rawFloor(database, backend.uri, rows, seconds);
      await clear(database);
      console.log(
        `${shape.name} (inputs stored as ${fmt(binaryBytes)} B binary vs ${fmt(jsonBytes)} B JSON)`,
      );
      line('json baseline', baseline, baseline, floor);
      if (inline) line('binary, inline', inline, baseline, floor);
      line(inline ? 'binary, thread' : 'binary (new)', ours, baseline, floor);
      line('raw driver floor', floor, baseline, floor);
      if (inlineStore && shape.inputs === 784) {
        const rate = Number(process.env.BENCH_LOG_RATE ?? 5_000);
        console.log(
          `  main-thread event-loop delay while logging ${fmt(rate)} records/s (1 ms samples):`,
        );
        for (const [label, phaseStore] of [
          ['inline', inlineStore],
          ['thread', store],
        ] as const) {
          await clear(database);
          const phase = await eventLoopPhase(phaseStore, pool, seconds, rate);
          console.log(
            `    ${label}: max ${fmt(phase.maxMs, 1)} ms, p99 ${fmt(phase.p99Ms, 2)} ms, main thread busy ${fmt(phase.busy * 100, 1)}%, ${fmt(phase.recordsPerSec)} records/s flushed`,
          );
        }
        await clear(database);
      }
    }
    console.log('');
  } finally {
    await inlineDatabase?.close();
    await database.close();
    await backend.dispose();
  }
}

export async function runPredictionLogBench(workDir: string, seconds: number): Promise<void> {
  console.log(
    `prediction-log: PredictionLogger -> store, batches of ${BATCH}, ${seconds}s per phase; CPU is this process's (user + system) per record\n`,
  );
  for (const name of process.env.BENCH_BACKENDS?.split(',') ?? ['sqlite', 'postgres']) {
    await benchBackend(name as 'sqlite' | 'postgres', workDir, seconds);
  }
}
