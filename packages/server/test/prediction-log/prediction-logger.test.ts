import { describe, expect, it, vi } from 'vitest';
import { mulberry32, type PredictionRecord, type Tensor } from '@slipway/core';
import { PredictionLogger } from '../../src/prediction-log/prediction-logger.js';
import { sqliteBackend } from '../support/sql-backends.js';
import { usePredictionEnv } from './prediction-fixtures.js';
import { ControlledStore, T0, event, eventually } from './logger-fixtures.js';

async function readAll(env: ReturnType<typeof usePredictionEnv>): Promise<PredictionRecord[]> {
  const page = await env.store.query({ deployment: 'fraud', limit: 10_000 });
  return page.items;
}

describe('PredictionLogger', () => {
  const env = usePredictionEnv(sqliteBackend);

  it('stores each accepted event with exact tensor values, read back in JSON form', async () => {
    const logger = new PredictionLogger({ store: env.store });
    const accepted = logger.log({
      requestId: 'r\u0000x',
      deployment: 'fraud',
      modelName: 'fraud-model',
      modelVersion: '7',
      variant: 'candidate',
      inputs: [
        {
          name: 'f32',
          datatype: 'FP32',
          shape: [3],
          data: new Float32Array([0.5, NaN, -Infinity]),
        },
        { name: 'half', datatype: 'FP16', shape: [2], data: new Uint16Array([0x3c00, 0xc000]) },
        {
          name: 'big',
          datatype: 'INT64',
          shape: [2],
          data: new BigInt64Array([9_223_372_036_854_775_807n, -3n]),
        },
        { name: 'u64', datatype: 'UINT64', shape: [1], data: new BigUint64Array([2n ** 64n - 1n]) },
        { name: 'flag', datatype: 'BOOL', shape: [2], data: new Uint8Array([1, 0]) },
        {
          name: 'raw',
          datatype: 'BYTES',
          shape: [2],
          data: [new Uint8Array([104, 105]), new Uint8Array([0, 255])],
        },
        { name: 'u8', datatype: 'UINT8', shape: [2, 1], data: new Uint8Array([7, 200]) },
      ],
      outputs: [],
      latencyMs: 12.75,
      status: 'error',
      error: new Error('model exploded'),
      time: T0 + 0.4,
    });
    expect(accepted).toBe(true);
    await logger.close();
    expect(await readAll(env)).toEqual([
      {
        requestId: 'r\uFFFDx',
        deployment: 'fraud',
        modelName: 'fraud-model',
        modelVersion: '7',
        variant: 'candidate',
        inputs: [
          { name: 'f32', datatype: 'FP32', shape: [3], data: [0.5, 'NaN', '-Infinity'] },
          { name: 'half', datatype: 'FP16', shape: [2], data: [1, -2] },
          {
            name: 'big',
            datatype: 'INT64',
            shape: [2],
            data: ['9223372036854775807', '-3'],
          },
          { name: 'u64', datatype: 'UINT64', shape: [1], data: ['18446744073709551615'] },
          { name: 'flag', datatype: 'BOOL', shape: [2], data: [true, false] },
          // "hi" and the bytes 00 ff in base64.
          { name: 'raw', datatype: 'BYTES', shape: [2], data: ['aGk=', 'AP8='] },
          { name: 'u8', datatype: 'UINT8', shape: [2, 1], data: [7, 200] },
        ],
        outputs: [],
        latencyMs: 12.75,
        status: 'error',
        error: 'model exploded',
        time: T0,
      },
    ]);
  });

  it('samples at the deployment rate (seeded, within 5 standard deviations)', async () => {
    const random = vi.fn(mulberry32(1234));
    const logger = new PredictionLogger({ store: env.store, random, batchSize: 500 });
    const n = 20_000;
    let accepted = 0;
    for (let i = 0; i < n; i++) if (logger.log(event(i), 0.3)) accepted += 1;
    await logger.close();
    const sd = Math.sqrt(n * 0.3 * 0.7);
    expect(Math.abs(accepted - n * 0.3)).toBeLessThan(5 * sd);
    expect(await env.store.count({ deployment: 'fraud' })).toBe(accepted);
    expect(logger.stats()).toMatchObject({ logged: accepted, sampledOut: n - accepted });
    expect(random).toHaveBeenCalledTimes(n);
  });

  it('keeps everything at rate 1 without drawing, and nothing at rate 0', async () => {
    const random = vi.fn(() => 0);
    const logger = new PredictionLogger({ store: env.store, random });
    for (let i = 0; i < 50; i++) logger.log(event(i));
    for (let i = 50; i < 100; i++) logger.log(event(i), 0);
    await logger.close();
    expect((await readAll(env)).map((r) => r.requestId)).toEqual(
      Array.from({ length: 50 }, (_, i) => `req-${i}`),
    );
    // Rate 0 with a draw of 0: `0 < 0` is false, so nothing is kept.
    expect(random).toHaveBeenCalledTimes(50);
    expect(logger.stats().sampledOut).toBe(50);
  });

  it('writes in batches of batchSize, never on the log() call itself', async () => {
    const store = new ControlledStore(env.store);
    const logger = new PredictionLogger({ store, batchSize: 64, flushIntervalMs: 60_000 });
    for (let i = 0; i < 1000; i++) logger.log(event(i));
    expect(store.attempts).toBe(0);
    // 15 full batches are written without any flush; the partial 40 waits for the timer.
    await eventually(() => store.batches.length === 15);
    expect(logger.stats().depth).toBe(40);
    await logger.close();
    expect(store.batches).toEqual([...Array<number>(15).fill(64), 40]);
    expect(logger.stats()).toMatchObject({ flushedBatches: 16, flushedRecords: 1000, depth: 0 });
    expect((await readAll(env)).map((r) => r.requestId)).toEqual(
      Array.from({ length: 1000 }, (_, i) => `req-${i}`),
    );
  });

  it('writes a partial batch when the flush interval passes', async () => {
    const store = new ControlledStore(env.store);
    const logger = new PredictionLogger({ store, batchSize: 100, flushIntervalMs: 20 });
    for (let i = 0; i < 3; i++) logger.log(event(i));
    await eventually(async () => (await env.store.count({ deployment: 'fraud' })) === 3);
    expect(store.batches).toEqual([3]);
    await logger.close();
  });

  it('drops the newest records when full, never holding more than capacity', async () => {
    const store = new ControlledStore(env.store);
    store.hold();
    const logger = new PredictionLogger({ store, capacity: 10, batchSize: 4 });
    let maxDepth = 0;
    const results: boolean[] = [];
    for (let i = 0; i < 30; i++) {
      results.push(logger.log(event(i)));
      maxDepth = Math.max(maxDepth, logger.stats().depth);
    }
    // While the first batch is held in the store, it still counts against capacity.
    await eventually(() => store.attempts === 1);
    for (let i = 30; i < 50; i++) {
      results.push(logger.log(event(i)));
      maxDepth = Math.max(maxDepth, logger.stats().depth);
    }
    expect(maxDepth).toBe(10);
    expect(results.filter(Boolean)).toHaveLength(10);
    expect(logger.stats().dropped.buffer_full).toBe(40);
    store.release();
    await logger.close();
    expect((await readAll(env)).map((r) => r.requestId)).toEqual(
      Array.from({ length: 10 }, (_, i) => `req-${i}`),
    );
    expect(logger.stats()).toMatchObject({ logged: 10, flushedRecords: 10, depth: 0 });
  });

  it('bounds the buffered tensor bytes', async () => {
    const logger = new PredictionLogger({ store: env.store, maxBufferedBytes: 60 });
    // Each event holds 16 bytes of FP64 input and 4 bytes of INT32 output: 20 bytes.
    const results = [0, 1, 2, 3].map((i) => logger.log(event(i)));
    expect(results).toEqual([true, true, true, false]);
    expect(logger.stats()).toMatchObject({ bufferedBytes: 60, dropped: { buffer_full: 1 } });
    await logger.close();
    expect(logger.stats().bufferedBytes).toBe(0);
    expect(await env.store.count({ deployment: 'fraud' })).toBe(3);
  });

  it('retries a failing store with backoff and drops the batch after the last retry', async () => {
    const store = new ControlledStore(env.store);
    store.failures = 1_000;
    const errors: { final: boolean; attempt: number; records: number }[] = [];
    const logger = new PredictionLogger({
      store,
      batchSize: 5,
      maxRetries: 2,
      retryDelayMs: 1,
      onError: (_err, context) => errors.push(context),
    });
    const results = Array.from({ length: 7 }, (_, i) => logger.log(event(i)));
    expect(results.every(Boolean)).toBe(true);
    await logger.flush();
    // Two batches (5 + 2), each tried 3 times.
    expect(store.attempts).toBe(6);
    expect(errors).toEqual([
      { records: 5, attempt: 0, final: false },
      { records: 5, attempt: 1, final: false },
      { records: 5, attempt: 2, final: true },
      { records: 2, attempt: 0, final: false },
      { records: 2, attempt: 1, final: false },
      { records: 2, attempt: 2, final: true },
    ]);
    expect(logger.stats()).toMatchObject({
      dropped: { store_error: 7 },
      storeErrors: 6,
      flushedRecords: 0,
      depth: 0,
    });

    // Once the store recovers within the retries, nothing is lost.
    store.failures = 2;
    for (let i = 10; i < 13; i++) logger.log(event(i));
    await logger.close();
    expect((await readAll(env)).map((r) => r.requestId)).toEqual(['req-10', 'req-11', 'req-12']);
    expect(logger.stats().dropped.store_error).toBe(7);
  });

  it('never throws from log(): bad events are counted and do not poison their batch', async () => {
    const logger = new PredictionLogger({ store: env.store, onError: () => undefined });
    expect(logger.log({ ...event(1), inputs: undefined as never })).toBe(false);
    expect(logger.log(null as never)).toBe(false);
    // Accepted, but cannot be stored: dropped in the flusher while its batch mates are written.
    expect(logger.log(event(2, { latencyMs: NaN }))).toBe(true);
    expect(logger.log(event(3))).toBe(true);
    // A tensor whose data is not its datatype's representation could not be decoded faithfully.
    const mislabeled = { name: 'x', datatype: 'FP32', shape: [1], data: new Float64Array(1) };
    expect(logger.log(event(5, { inputs: [mislabeled as Tensor] }))).toBe(true);
    await logger.close();
    expect(logger.log(event(4))).toBe(false);
    expect(logger.stats().dropped).toEqual({
      buffer_full: 0,
      store_error: 0,
      invalid: 4,
      closed: 1,
    });
    expect(logger.stats().storeErrors).toBe(0);
    expect((await readAll(env)).map((r) => r.requestId)).toEqual(['req-3']);
  });

  it('flush() resolves on an empty buffer and never rejects, even when its batch is dropped', async () => {
    const store = new ControlledStore(env.store);
    const logger = new PredictionLogger({ store, batchSize: 1000, flushIntervalMs: 60_000 });
    await logger.flush();
    logger.log(event(1));
    logger.log(event(2));
    await logger.flush();
    expect(store.batches).toEqual([2]);
    store.failures = 100;
    logger.log(event(3));
    const lossy = new PredictionLogger({ store, maxRetries: 0, onError: () => undefined });
    lossy.log(event(4));
    await expect(lossy.flush()).resolves.toBeUndefined();
    store.failures = 0;
    await logger.close();
    expect((await readAll(env)).map((r) => r.requestId)).toEqual(['req-1', 'req-2', 'req-3']);
  });

  it('rejects nonsensical options', () => {
    expect(() => new PredictionLogger({ store: env.store, capacity: 0 })).toThrow(/capacity/);
    expect(() => new PredictionLogger({ store: env.store, batchSize: 2.5 })).toThrow(/batchSize/);
    expect(() => new PredictionLogger({ store: env.store, retryDelayMs: -1 })).toThrow(
      /retryDelayMs/,
    );
  });
});
