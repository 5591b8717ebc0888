import { describe, expect, it } from 'vitest';
import {
  isSlipwayError,
  type LabeledPrediction,
  type PredictionJoinQuery,
  type PredictionLogStore,
  type PredictionPage,
  type PredictionRecord,
  type PredictionWrite,
  type Tensor,
} from '@slipway/core';
import { record, usePredictionEnv } from '../prediction-log/prediction-fixtures.js';
import { SQL_BACKENDS } from '../support/sql-backends.js';

const T0 = 1_700_000_000_000;

async function allPages<T>(
  fetch: (cursor: string | undefined) => Promise<PredictionPage<T>>,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await fetch(cursor);
    pages += 1;
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return { items, pages };
}

async function expectCode(work: () => Promise<unknown>, code: string): Promise<void> {
  let caught: unknown;
  try {
    await work();
  } catch (err) {
    caught = err;
  }
  expect(isSlipwayError(caught) ? caught.code : caught).toBe(code);
}

function joinAll(store: PredictionLogStore, query: Omit<PredictionJoinQuery, 'cursor'>) {
  return allPages<LabeledPrediction>((cursor) =>
    store.join(cursor === undefined ? query : { ...query, cursor }),
  );
}

describe.each(SQL_BACKENDS)('PredictionLogStore contract ($name)', (backend) => {
  const env = usePredictionEnv(backend);

  it('appends records and reads them back exactly, oldest first', async () => {
    const full: PredictionRecord = {
      ...record(1),
      variant: 'candidate',
      inputs: [
        { name: 'a', datatype: 'BYTES', shape: [2], data: ['aGk=', ''] },
        { name: 'b', datatype: 'BOOL', shape: [1], data: [true] },
        { name: 'c', datatype: 'FP64', shape: [2], data: ['NaN', -0.125] },
      ],
    };
    const failed = record(0, { status: 'error', error: 'Tensor x: wrong shape', outputs: [] });
    await env.store.append([full, failed]);
    const page = await env.store.query({ deployment: 'fraud', limit: 10 });
    // record(0) is one second older than record(1).
    expect(page.items).toEqual([failed, full]);
    expect(page.nextCursor).toBeUndefined();
  });

  it('stores raw tensors in binary and reads them back in their JSON form', async () => {
    const tensors: Tensor[] = [
      {
        name: 'f32',
        datatype: 'FP32',
        shape: [4],
        data: new Float32Array([0.5, NaN, -Infinity, -0]),
      },
      { name: 'f64', datatype: 'FP64', shape: [1], data: new Float64Array([0.1]) },
      { name: 'half', datatype: 'FP16', shape: [2], data: new Uint16Array([0x3c00, 0x7c00]) },
      { name: 'i64', datatype: 'INT64', shape: [1], data: new BigInt64Array([-(2n ** 63n)]) },
      { name: 'u64', datatype: 'UINT64', shape: [1], data: new BigUint64Array([2n ** 64n - 1n]) },
      { name: 'i8', datatype: 'INT8', shape: [1, 1], data: new Int8Array([-7]) },
      { name: 'i16', datatype: 'INT16', shape: [1], data: new Int16Array([-300]) },
      { name: 'i32', datatype: 'INT32', shape: [1], data: new Int32Array([-70_000]) },
      { name: 'u8', datatype: 'UINT8', shape: [1], data: new Uint8Array([255]) },
      { name: 'u16', datatype: 'UINT16', shape: [1], data: new Uint16Array([65_535]) },
      { name: 'u32', datatype: 'UINT32', shape: [1], data: new Uint32Array([4_000_000_000]) },
      { name: 'flag', datatype: 'BOOL', shape: [2], data: new Uint8Array([1, 0]) },
      {
        name: 'raw',
        datatype: 'BYTES',
        shape: [2],
        data: [new Uint8Array([104, 105]), new Uint8Array([0])],
      },
    ];
    const write: PredictionWrite = {
      ...record(1),
      inputs: tensors,
      outputs: [{ name: 'y', datatype: 'FP32', shape: [0], data: new Float32Array(0) }],
    };
    // Raw and JSON-form records may share a batch.
    await env.store.append([record(0), write]);
    const page = await env.store.query({ deployment: 'fraud', limit: 10 });
    expect(page.items).toEqual([
      record(0),
      {
        ...record(1),
        inputs: [
          { name: 'f32', datatype: 'FP32', shape: [4], data: [0.5, 'NaN', '-Infinity', 0] },
          { name: 'f64', datatype: 'FP64', shape: [1], data: [0.1] },
          { name: 'half', datatype: 'FP16', shape: [2], data: [1, 'Infinity'] },
          { name: 'i64', datatype: 'INT64', shape: [1], data: ['-9223372036854775808'] },
          { name: 'u64', datatype: 'UINT64', shape: [1], data: ['18446744073709551615'] },
          { name: 'i8', datatype: 'INT8', shape: [1, 1], data: [-7] },
          { name: 'i16', datatype: 'INT16', shape: [1], data: [-300] },
          { name: 'i32', datatype: 'INT32', shape: [1], data: [-70_000] },
          { name: 'u8', datatype: 'UINT8', shape: [1], data: [255] },
          { name: 'u16', datatype: 'UINT16', shape: [1], data: [65_535] },
          { name: 'u32', datatype: 'UINT32', shape: [1], data: [4_000_000_000] },
          { name: 'flag', datatype: 'BOOL', shape: [2], data: [true, false] },
          { name: 'raw', datatype: 'BYTES', shape: [2], data: ['aGk=', 'AA=='] },
        ],
        outputs: [{ name: 'y', datatype: 'FP32', shape: [0], data: [] }],
      },
    ]);
  });

  it('writes nothing when one record of a batch cannot be encoded', async () => {
    const bad: PredictionWrite = {
      ...record(2),
      // Declared FP32 but holding doubles: decoding would misread it, so it must not be written.
      inputs: [{ name: 'x', datatype: 'FP32', shape: [1], data: new Float64Array([1]) }],
      outputs: [],
    };
    await expect(env.store.append([record(1), bad])).rejects.toThrow(/cannot be logged/);
    const mixed = {
      ...record(3),
      inputs: [
        record(3).inputs[0],
        { name: 'z', datatype: 'INT8', shape: [1], data: new Int8Array(1) },
      ],
    } as PredictionRecord;
    await expectCode(() => env.store.append([record(1), mixed]), 'INVALID_ARGUMENT');
    expect(await env.store.count({ deployment: 'fraud' })).toBe(0);
  });

  it('keeps an append out of a concurrent transaction that rolls back', async () => {
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started = (): void => undefined;
    const inside = new Promise<void>((resolve) => (started = resolve));
    const rolledBack = env.database.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('ground_truth')
        .values({ deployment: 'fraud', request_id: 'gt', label: '1', time: T0 })
        .execute();
      started();
      await gate;
      throw new Error('roll it back');
    });
    await inside;
    const appended = env.store.append([record(1)]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await expect(rolledBack).rejects.toThrow('roll it back');
    await appended;
    expect(await env.store.count({ deployment: 'fraud' })).toBe(1);
    const joined = await env.store.join({ deployment: 'fraud', limit: 10, labeledOnly: true });
    expect(joined.items).toEqual([]);
  });

  it('keeps deployments apart and applies [from, to)', async () => {
    await env.store.append([
      ...[0, 1, 2, 3, 4].map((n) => record(n)),
      record(2, { deployment: 'churn', requestId: 'other' }),
    ]);
    const page = await env.store.query({
      deployment: 'fraud',
      from: T0 + 1000,
      to: T0 + 4000,
      limit: 100,
    });
    expect(page.items.map((r) => r.requestId)).toEqual(['req-1', 'req-2', 'req-3']);
    expect(await env.store.count({ deployment: 'fraud' })).toBe(5);
    expect(await env.store.count({ deployment: 'fraud', from: T0 + 1000, to: T0 + 4000 })).toBe(3);
    expect(await env.store.count({ deployment: 'churn' })).toBe(1);
    expect(await env.store.count({ deployment: 'nobody' })).toBe(0);
  });

  it('pages with a cursor through rows that share a timestamp, without skipping or repeating', async () => {
    // 23 rows, many with the same time, appended out of time order.
    const records = Array.from({ length: 23 }, (_, i) =>
      record(i, { requestId: `r${i}`, time: T0 + (i % 4) * 10 }),
    );
    await env.store.append(records.slice(12));
    await env.store.append(records.slice(0, 12));
    const { items, pages } = await allPages((cursor) =>
      env.store.query({ deployment: 'fraud', limit: 5, ...(cursor ? { cursor } : {}) }),
    );
    expect(pages).toBe(5);
    // Expected order: by time, then insertion order (rows 12.. were inserted first).
    const insertion = [...records.slice(12), ...records.slice(0, 12)];
    const expected = [0, 10, 20, 30].flatMap((offset) =>
      insertion.filter((r) => r.time === T0 + offset).map((r) => r.requestId),
    );
    expect(items.map((r) => r.requestId)).toEqual(expected);
  });

  it('pages newest first, narrowed to a model version, through rows that share a timestamp', async () => {
    const records = Array.from({ length: 23 }, (_, i) =>
      record(i, { requestId: `r${i}`, time: T0 + (i % 4) * 10 }),
    );
    await env.store.append(records.slice(12));
    await env.store.append(records.slice(0, 12));
    await env.store.append([record(30, { requestId: 'other-model', modelName: 'churn-model' })]);
    const insertion = [...records.slice(12), ...records.slice(0, 12)];
    const newestFirst = [30, 20, 10, 0].flatMap((offset) =>
      insertion
        .filter((r) => r.time === T0 + offset)
        .reverse()
        .map((r) => r.requestId),
    );
    const query = { deployment: 'fraud', limit: 4, newestFirst: true, modelName: 'fraud-model' };
    const { items, pages } = await allPages((cursor) =>
      env.store.query(cursor === undefined ? query : { ...query, cursor }),
    );
    expect(pages).toBe(6);
    expect(items.map((r) => r.requestId)).toEqual(newestFirst);
    const version2 = await joinAll(env.store, { ...query, modelVersion: '2' });
    expect(version2.items.map((r) => r.requestId)).toEqual(
      newestFirst.filter((id) => records.find((r) => r.requestId === id)?.modelVersion === '2'),
    );
    const window = await env.store.query({
      deployment: 'fraud',
      limit: 100,
      newestFirst: true,
      from: T0 + 10,
      to: T0 + 30,
      modelVersion: '1',
    });
    expect(window.items.every((r) => r.modelVersion === '1')).toBe(true);
    expect(window.items.map((r) => r.time)).toEqual(
      [...window.items.map((r) => r.time)].sort((a, b) => b - a),
    );
    expect(new Set(window.items.map((r) => r.time))).toEqual(new Set([T0 + 10, T0 + 20]));
  });

  it('sees rows appended after a page was read on the next page', async () => {
    await env.store.append([record(1), record(2)]);
    const first = await env.store.query({ deployment: 'fraud', limit: 1 });
    expect(first.items.map((r) => r.requestId)).toEqual(['req-1']);
    await env.store.append([record(3)]);
    const second = await env.store.query({
      deployment: 'fraud',
      limit: 5,
      cursor: first.nextCursor as string,
    });
    expect(second.items.map((r) => r.requestId)).toEqual(['req-2', 'req-3']);
  });

  it('rejects bad page sizes and foreign cursors', async () => {
    await expectCode(() => env.store.query({ deployment: 'fraud', limit: 0 }), 'INVALID_ARGUMENT');
    await expectCode(
      () => env.store.query({ deployment: 'fraud', limit: 100_000 }),
      'INVALID_ARGUMENT',
    );
    await expectCode(
      () => env.store.query({ deployment: 'fraud', limit: 5, cursor: 'garbage!' }),
      'INVALID_ARGUMENT',
    );
  });

  it('attaches ground truth by request id, upserts it, and joins it', async () => {
    await env.store.append([record(1), record(2), record(3)]);
    // A shadow challenger logs under the primary's request id.
    await env.store.append([record(2, { variant: 'challenger', time: T0 + 2500 })]);
    await env.store.attachGroundTruth([
      { deployment: 'fraud', requestId: 'req-2', label: 'wrong', time: T0 + 9000 },
      {
        deployment: 'fraud',
        requestId: 'req-3',
        label: { fraud: true, score: 0.5 },
        time: T0 + 9100,
      },
      // Unknown request ids are kept: the prediction may not be flushed yet.
      { deployment: 'fraud', requestId: 'req-99', label: 1, time: T0 + 9200 },
      // Another deployment's request with the same id does not label fraud's.
      { deployment: 'churn', requestId: 'req-1', label: 0, time: T0 + 9300 },
    ]);
    // Replacing a label; the same key twice in one batch keeps the last.
    await env.store.attachGroundTruth([
      { deployment: 'fraud', requestId: 'req-2', label: 'first', time: T0 + 9400 },
      { deployment: 'fraud', requestId: 'req-2', label: ['fixed', 2], time: T0 + 9500 },
    ]);

    const { items } = await joinAll(env.store, { deployment: 'fraud', limit: 2 });
    expect(items.map((p) => [p.requestId, p.variant ?? null, p.groundTruth ?? null])).toEqual([
      ['req-1', null, null],
      ['req-2', null, { label: ['fixed', 2], time: T0 + 9500 }],
      ['req-2', 'challenger', { label: ['fixed', 2], time: T0 + 9500 }],
      ['req-3', null, { label: { fraud: true, score: 0.5 }, time: T0 + 9100 }],
    ]);
    const labeled = await joinAll(env.store, { deployment: 'fraud', limit: 1, labeledOnly: true });
    expect(labeled.items.map((p) => p.requestId)).toEqual(['req-2', 'req-2', 'req-3']);
    // The prediction fields survive the join unchanged.
    expect(labeled.items[2]).toEqual({
      ...record(3),
      groundTruth: { label: { fraud: true, score: 0.5 }, time: T0 + 9100 },
    });
  });

  it('joins a label that arrived before its prediction', async () => {
    await env.store.attachGroundTruth([
      { deployment: 'fraud', requestId: 'req-7', label: false, time: T0 },
    ]);
    await env.store.append([record(7)]);
    const page = await env.store.join({ deployment: 'fraud', limit: 10 });
    expect(page.items.map((p) => p.groundTruth)).toEqual([{ label: false, time: T0 }]);
  });

  it('rejects a missing label', async () => {
    await expectCode(
      () =>
        env.store.attachGroundTruth([
          { deployment: 'fraud', requestId: 'r', label: undefined as never, time: T0 },
        ]),
      'INVALID_ARGUMENT',
    );
  });

  it('deletes predictions and ground truth older than the cutoff', async () => {
    await env.store.append([0, 1, 2, 3].map((n) => record(n)));
    await env.store.append([record(1, { deployment: 'churn' })]);
    await env.store.attachGroundTruth([
      { deployment: 'fraud', requestId: 'req-0', label: 0, time: T0 + 500 },
      { deployment: 'fraud', requestId: 'req-3', label: 3, time: T0 + 3500 },
    ]);
    const removed = await env.store.deleteOlderThan(T0 + 2000);
    expect(removed).toEqual({ predictions: 3, groundTruth: 1 });
    const left = await env.store.join({ deployment: 'fraud', limit: 10 });
    expect(left.items.map((p) => [p.requestId, p.groundTruth?.label ?? null])).toEqual([
      ['req-2', null],
      ['req-3', 3],
    ]);
    expect(await env.store.count({ deployment: 'churn' })).toBe(0);
    expect(await env.store.deleteOlderThan(T0 + 2000)).toEqual({ predictions: 0, groundTruth: 0 });
  });

  it('retention deletes more rows than one delete chunk', async () => {
    const old = Array.from({ length: 12_003 }, (_, i) =>
      record(i, { time: T0 + i, inputs: [], outputs: [] }),
    );
    await env.store.append(old);
    await env.store.append([record(1, { time: T0 + 50_000, requestId: 'keep' })]);
    const removed = await env.store.deleteOlderThan(T0 + 20_000);
    expect(removed.predictions).toBe(12_003);
    const page = await env.store.query({ deployment: 'fraud', limit: 10 });
    expect(page.items.map((r) => r.requestId)).toEqual(['keep']);
  });

  it('appends a large batch atomically in one call', async () => {
    const many = Array.from({ length: 5_001 }, (_, i) => record(i));
    await env.store.append(many);
    expect(await env.store.count({ deployment: 'fraud' })).toBe(5_001);
    const { items } = await allPages((cursor) =>
      env.store.query({ deployment: 'fraud', limit: 2_000, ...(cursor ? { cursor } : {}) }),
    );
    expect(items).toEqual(many);

    // A bad row in the third insert chunk rolls back the two chunks already written.
    const broken = Array.from({ length: 4_500 }, (_, i) => record(i, { deployment: 'atomic' }));
    broken[4_400] = { ...record(1), deployment: 'atomic', requestId: null as never };
    await expect(env.store.append(broken)).rejects.toThrow();
    expect(await env.store.count({ deployment: 'atomic' })).toBe(0);
  });
});
