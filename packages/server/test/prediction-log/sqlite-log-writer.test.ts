import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PredictionWrite } from '@slipway/core';
import { migrateToLatest } from '../../src/storage/sql/migrate.js';
import { openDatabase } from '../../src/storage/sql/open-database.js';
import { SqlExperimentStore } from '../../src/storage/sql/experiment-store.js';
import { SqlPredictionLogStore } from '../../src/storage/sql/prediction-log-store.js';
import { predictionValues } from '../../src/storage/sql/prediction-rows.js';
import { SqlRunStore } from '../../src/storage/sql/run-store.js';
import type { SqlDatabase } from '../../src/storage/sql/sql-database.js';
import { SqliteLogWriter } from '../../src/storage/sql/sqlite-log-writer.js';
import { record } from './prediction-fixtures.js';

const T0 = 1_700_000_000_000;

/** A logged prediction of a 784-float model, as the serving path hands it to the store. */
function bigWrite(n: number): PredictionWrite {
  return {
    requestId: `big-${n}`,
    deployment: 'mnist',
    modelName: 'mlp',
    modelVersion: '3',
    variant: 'stable',
    inputs: [
      {
        name: 'input',
        datatype: 'FP32',
        shape: [1, 784],
        data: Float32Array.from({ length: 784 }, (_, i) => (n + i) / 1000),
      },
    ],
    outputs: [
      {
        name: 'output',
        datatype: 'FP32',
        shape: [1, 10],
        data: Float32Array.from({ length: 10 }, (_, i) => n * 10 + i),
      },
    ],
    latencyMs: 1.5,
    status: 'ok',
    time: T0 + n,
  };
}

function bigBatch(from: number, count: number): PredictionWrite[] {
  return Array.from({ length: count }, (_, i) => bigWrite(from + i));
}

function writerOf(database: SqlDatabase): SqliteLogWriter {
  const writer = database.predictionLogWriter;
  if (!(writer instanceof SqliteLogWriter)) {
    throw new Error('a SQLite database has a prediction log writer thread');
  }
  return writer;
}

describe('SQLite prediction-log writer thread', () => {
  let dir: string;
  let path: string;
  let database: SqlDatabase;
  let store: SqlPredictionLogStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'slipway-log-writer-'));
    path = join(dir, 'slipway.db');
    database = await openDatabase(`sqlite:${path}`);
    await migrateToLatest(database);
    store = new SqlPredictionLogStore(database);
  });

  afterEach(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('appends from the thread, transferring the encoded buffers, readable from the main connection', async () => {
    const rows = predictionValues([bigWrite(1), bigWrite(2)]);
    const inputs = rows[0]?.[5] as Uint8Array;
    expect(inputs.byteLength).toBeGreaterThan(3_136);
    const appended = writerOf(database).append(rows);
    // Transferred, not copied: the main thread's view is detached as soon as the batch is posted
    // (after the thread is ready; the first append waits for that).
    await appended;
    expect(writerOf(database).mode).toBe('thread');
    const second = predictionValues([bigWrite(3)]);
    const pending = writerOf(database).append(second);
    expect((second[0]?.[5] as Uint8Array).byteLength).toBe(0);
    await pending;

    await store.append([record(1), record(2, { variant: 'candidate', error: 'boom' })]);
    await store.attachGroundTruth([
      { deployment: 'fraud', requestId: 'req-2', label: 7, time: T0 },
    ]);
    expect(await store.count({ deployment: 'mnist' })).toBe(3);
    const big = await store.query({ deployment: 'mnist', limit: 10 });
    expect(big.items.map((r) => r.requestId)).toEqual(['big-1', 'big-2', 'big-3']);
    const tensor = big.items[2]?.inputs[0];
    expect(tensor?.shape).toEqual([1, 784]);
    expect((tensor?.data as number[])[10]).toBeCloseTo(0.013, 6);
    const joined = await store.join({ deployment: 'fraud', limit: 10 });
    expect(joined.items).toEqual([
      record(1),
      {
        ...record(2, { variant: 'candidate', error: 'boom' }),
        groundTruth: { label: 7, time: T0 },
      },
    ]);
    expect(writerOf(database).mode).toBe('thread');
  });

  it('writes nothing of a batch whose row fails, and rejects that append with the driver error', async () => {
    await store.append(bigBatch(0, 10));
    const batch = bigBatch(100, 300);
    batch[150] = { ...bigWrite(250), requestId: null as unknown as string };
    await expect(store.append(batch)).rejects.toMatchObject({
      name: 'SqliteError',
      code: 'SQLITE_CONSTRAINT_NOTNULL',
    });
    expect(await store.count({ deployment: 'mnist' })).toBe(10);
    await store.append(bigBatch(1_000, 5));
    expect(await store.count({ deployment: 'mnist' })).toBe(15);
    expect(writerOf(database).mode).toBe('thread');
  });

  it('lets tracking writes on the main connection and big log batches on the thread both succeed', async () => {
    const experiments = new SqlExperimentStore(database);
    const runs = new SqlRunStore(database);
    const experiment = await experiments.create({
      name: 'busy',
      defaultArtifactRoot: 'file:///tmp/a',
      tags: [],
      time: 1,
    });
    await store.append(bigBatch(0, 1)); // the thread is up before the race starts

    // Built first: building them is slower than writing them, and would hide the overlap.
    const batches = Array.from({ length: 24 }, (_, b) => bigBatch(1 + b * 256, 256));
    let logging = true;
    const appends = Promise.all(batches.map((batch) => store.append(batch))).finally(() => {
      logging = false;
    });
    let runsMade = 0;
    const tracking = (async () => {
      // At least a few rounds, and on until every log batch is in, so the two overlap.
      while (logging || runsMade < 5) {
        const runId = `run-${runsMade}`;
        await runs.create({
          runId,
          experimentId: experiment.experimentId,
          userId: 'alice',
          runName: runId,
          status: 'RUNNING',
          startTime: 1,
          artifactUri: 'file:///tmp/a',
          tags: [],
        });
        await runs.logBatch(runId, {
          metrics: Array.from({ length: 50 }, (_, step) => ({
            key: 'loss',
            value: 1 / (step + 1),
            step,
            timestamp: 1,
          })),
          params: [{ key: 'lr', value: '0.1' }],
          tags: [{ key: 'note', value: 'x' }],
        });
        // Reads, then writes, in one transaction: the case a deferred BEGIN fails with SQLITE_BUSY.
        await database.db.transaction().execute(async (trx) => {
          const { n } = await trx
            .selectFrom('predictions')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow();
          // A turn of the event loop, as a service awaiting something mid-transaction would give.
          await new Promise((resolve) => setImmediate(resolve));
          await trx
            .insertInto('run_tags')
            .values({ run_id: runId, key: 'seen', value: String(n) })
            .execute();
        });
        await runs.update(runId, { status: 'FINISHED', endTime: 2 });
        runsMade += 1;
        // better-sqlite3 settles every promise above at once: without a macrotask turn the
        // thread's answers would never be read and the loop would never end.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await Promise.all([appends, tracking]);

    expect(await store.count({ deployment: 'mnist' })).toBe(1 + 24 * 256);
    const finished = await database.db
      .selectFrom('runs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'FINISHED')
      .executeTakeFirstOrThrow();
    expect(Number(finished.n)).toBe(runsMade);
    expect(writerOf(database).mode).toBe('thread');
  });

  it('opens Kysely transactions on the main connection with the write lock held', async () => {
    const other = new Database(path);
    other.pragma('busy_timeout = 0');
    try {
      await database.db.transaction().execute(async (trx) => {
        await trx.selectFrom('experiments').selectAll().execute();
        // A deferred BEGIN would hold no lock after a read, and this write would go through.
        expect(() =>
          other.prepare(`insert into ground_truth values ('d', 'r', '1', 1)`).run(),
        ).toThrow(/locked|busy/i);
      });
      other.prepare(`insert into ground_truth values ('d', 'r', '1', 1)`).run();
    } finally {
      other.close();
    }
  });

  it('rejects the append in flight when the thread dies, and the next append starts a new one', async () => {
    await store.append(bigBatch(0, 10));
    const writer = writerOf(database);
    const inFlight = store.append(bigBatch(100, 2_048));
    await writer.terminateThreadForTest();
    await expect(inFlight).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(await store.count({ deployment: 'mnist' })).toBe(10);

    await store.append(bigBatch(5_000, 20));
    expect(await store.count({ deployment: 'mnist' })).toBe(30);
    expect(writer.mode).toBe('thread');
    // The dead thread's connection left no lock behind.
    await new SqlExperimentStore(database).create({
      name: 'after-crash',
      defaultArtifactRoot: 'file:///tmp/a',
      tags: [],
      time: 1,
    });
  });

  it('close waits for the appends in flight, then refuses new ones', async () => {
    await store.append(bigBatch(0, 1));
    const settled: string[] = [];
    const appends = Array.from({ length: 4 }, (_, b) =>
      store.append(bigBatch(10 + b * 512, 512)).then(
        () => settled.push('ok'),
        (err: unknown) => settled.push(String(err)),
      ),
    );
    await database.close();
    expect(settled).toEqual(['ok', 'ok', 'ok', 'ok']);
    await Promise.all(appends);
    await expect(store.append(bigBatch(9_000, 1))).rejects.toMatchObject({ code: 'UNAVAILABLE' });

    database = await openDatabase(`sqlite:${path}`);
    expect(await new SqlPredictionLogStore(database).count({ deployment: 'mnist' })).toBe(
      1 + 4 * 512,
    );
  });
});

describe('SQLite prediction-log writer, inline', () => {
  it('writes a :memory: database inline, on the one connection that can see it', async () => {
    const database = await openDatabase('sqlite::memory:');
    try {
      await migrateToLatest(database);
      const store = new SqlPredictionLogStore(database);
      await store.append(bigBatch(0, 3));
      expect(writerOf(database).mode).toBe('inline');
      expect(await store.count({ deployment: 'mnist' })).toBe(3);
    } finally {
      await database.close();
    }
  });

  it('falls back to inline, appends waiting included, when the thread cannot start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slipway-log-writer-'));
    const database = await openDatabase(`sqlite:${join(dir, 'main.db')}`, {
      predictionLogThread: false,
    });
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    try {
      await migrateToLatest(database);
      expect(writerOf(database).mode).toBe('inline');
      const withSqlite = database.withSqlite;
      if (withSqlite === undefined) throw new Error('SQLite has withSqlite');
      // The thread is pointed at a file that does not exist, so it dies before it is ready.
      const writer = new SqliteLogWriter({
        path: join(dir, 'missing', 'nothing.db'),
        withSqlite: withSqlite.bind(database),
      });
      expect(writer.mode).toBe('thread');
      await Promise.all([
        writer.append(predictionValues(bigBatch(0, 5))),
        writer.append(predictionValues(bigBatch(5, 5))),
      ]);
      expect(writer.mode).toBe('inline');
      await writer.append(predictionValues(bigBatch(10, 5)));
      await writer.close();
      // Closed while its thread is still starting, and that start fails: the append still lands.
      const closing = new SqliteLogWriter({
        path: join(dir, 'missing', 'nothing.db'),
        withSqlite: withSqlite.bind(database),
      });
      const last = closing.append(predictionValues(bigBatch(15, 5)));
      await closing.close();
      await last;
      expect(await new SqlPredictionLogStore(database).count({ deployment: 'mnist' })).toBe(20);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.some((w) => w.includes('writing the log on the main thread'))).toBe(true);
    } finally {
      process.off('warning', onWarning);
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
