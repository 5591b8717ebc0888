import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tensor } from '@slipway/core';
import { DynamicBatcher } from '../../src/serving/runtime/dynamic-batcher.js';
import { loadModelFromDirectory } from '../../src/serving/runtime/model-loader.js';
import { OnnxRuntime } from '../../src/serving/runtime/onnx-runtime.js';
import { buildMlpOnnx } from '../../src/serving/runtime/onnx-builder/build-mlp-onnx.js';
import type { PooledModelRuntime } from '../../src/serving/runtime/pooled-model-runtime.js';
import { FIXTURE_MODELS_DIR, GOLDEN_MODELS, goldenModel, inputRows } from './model-fixtures.js';
import { fp64, rejection, tempDir } from './runtime-test-helpers.js';
import type { TempDir } from './runtime-test-helpers.js';

const CALLERS = 50;

function sameBits(a: Tensor[], b: Tensor[]): boolean {
  return (
    a.length === b.length &&
    a.every((tensor, index) => {
      const other = b[index];
      if (!other || other.name !== tensor.name || other.datatype !== tensor.datatype) return false;
      if (other.shape.join() !== tensor.shape.join()) return false;
      const left = new Uint8Array(
        (tensor.data as Float32Array).buffer,
        (tensor.data as Float32Array).byteOffset,
        (tensor.data as Float32Array).byteLength,
      );
      const right = new Uint8Array(
        (other.data as Float32Array).buffer,
        (other.data as Float32Array).byteOffset,
        (other.data as Float32Array).byteLength,
      );
      return Buffer.from(left).equals(Buffer.from(right));
    })
  );
}

/** 50 requests of 1 to 12 rows each, taken from consecutive windows of the golden inputs. */
function requestWindows(totalRows: number): [number, number][] {
  return Array.from({ length: CALLERS }, (_, caller) => {
    const rows = 1 + ((caller * 7) % 12);
    const start = (caller * 13) % (totalRows - rows);
    return [start, start + rows];
  });
}

describe.each(GOLDEN_MODELS)('DynamicBatcher over golden model %s', (name) => {
  const model = goldenModel(name);
  let runtime: OnnxRuntime;

  beforeAll(async () => {
    runtime = await OnnxRuntime.load(model.path, { poolSize: 2, name });
  });
  afterAll(async () => {
    await runtime.close();
  });

  it(`answers ${CALLERS} concurrent callers exactly as unbatched inference does`, async () => {
    const windows = requestWindows(model.inputs.length);
    const unbatched: Tensor[][] = [];
    for (const [from, to] of windows)
      unbatched.push(await runtime.infer([inputRows(model, from, to)]));

    const batches: { requests: number; rows: number }[] = [];
    const batcher = new DynamicBatcher(runtime, {
      maxBatchSize: 32,
      maxDelayMs: 20,
      onBatch: (batch) => batches.push(batch),
    });
    const batched = await Promise.all(
      windows.map(([from, to]) => batcher.infer([inputRows(model, from, to)])),
    );

    const mismatched = windows.filter(
      (_, caller) => !sameBits(batched[caller] ?? [], unbatched[caller] ?? []),
    );
    expect(mismatched).toEqual([]);
    const totalRows = windows.reduce((sum, [from, to]) => sum + to - from, 0);
    const stats = batcher.stats();
    expect(stats).toMatchObject({
      requestsRun: CALLERS,
      rowsRun: totalRows,
      queueDepth: 0,
      inFlightBatches: 0,
    });
    expect(stats.batchesRun).toBeLessThan(CALLERS);
    expect(batches.every((batch) => batch.rows <= 32)).toBe(true);
    expect(batches.reduce((sum, batch) => sum + batch.requests, 0)).toBe(CALLERS);
  });

  it('sends a request bigger than maxBatchSize through on its own', async () => {
    const batcher = new DynamicBatcher(runtime, { maxBatchSize: 4, maxDelayMs: 1 });
    const [alone] = await batcher.infer([inputRows(model, 0, 10)]);
    const [direct] = await runtime.infer([inputRows(model, 0, 10)]);
    expect(alone?.data).toEqual(direct?.data);
    expect(batcher.stats().batchesRun).toBe(0);
  });
});

describe('DynamicBatcher over a 784-256-256-10 MLP', () => {
  let dir: TempDir;
  let runtime: OnnxRuntime;

  beforeAll(async () => {
    dir = await tempDir();
    const path = join(dir.path, 'mlp.onnx');
    await writeFile(path, buildMlpOnnx({ layers: [784, 256, 256, 10], seed: 3 }).bytes);
    runtime = await OnnxRuntime.load(path, { poolSize: 2 });
  });
  afterAll(async () => {
    await runtime.close();
    await dir.remove();
  });

  it('gives bit-identical outputs batched and unbatched', async () => {
    const requests = Array.from({ length: CALLERS }, (_, caller): Tensor => {
      const rows = 1 + (caller % 5);
      const data = Float32Array.from({ length: rows * 784 }, (_, i) => Math.sin(caller * 1000 + i));
      return { name: 'input', datatype: 'FP32', shape: [rows, 784], data };
    });
    const unbatched: Tensor[][] = [];
    for (const request of requests) unbatched.push(await runtime.infer([request]));
    const batcher = new DynamicBatcher(runtime, { maxBatchSize: 64, maxDelayMs: 20 });
    const batched = await Promise.all(requests.map((request) => batcher.infer([request])));
    const mismatched = requests.filter(
      (_, caller) => !sameBits(batched[caller] ?? [], unbatched[caller] ?? []),
    );
    expect(mismatched.length).toBe(0);
    expect(batcher.stats().batchesRun).toBeLessThan(CALLERS);
  });
});

describe('DynamicBatcher error isolation and lifecycle', () => {
  let scaler: PooledModelRuntime;

  beforeAll(async () => {
    scaler = await loadModelFromDirectory(join(FIXTURE_MODELS_DIR, 'js-scaler'), { poolSize: 1 });
  });
  afterAll(async () => {
    await scaler.close();
  });

  it('fails only the bad request of a batch', async () => {
    const batcher = new DynamicBatcher(scaler, { maxBatchSize: 64, maxDelayMs: 20 });
    const results = await Promise.allSettled([
      batcher.infer([fp64('x', [[1, 2]])]),
      batcher.infer([
        fp64('x', [
          [3, 4],
          [-5, 6],
        ]),
      ]),
      batcher.infer([fp64('x', [[7, 8]])]),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const [first, bad, third] = results;
    expect((bad as PromiseRejectedResult).reason).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(
      Array.from(
        ((first as PromiseFulfilledResult<Tensor[]>).value[0]?.data as Float64Array) ?? [],
      ),
    ).toEqual([3, 6]);
    expect(
      Array.from(
        ((third as PromiseFulfilledResult<Tensor[]>).value[0]?.data as Float64Array) ?? [],
      ),
    ).toEqual([21, 24]);
    expect(batcher.stats()).toMatchObject({ batchesRun: 1, batchesRetriedAlone: 1 });
  });

  it('rejects a request with a signature error before it joins a batch', async () => {
    const batcher = new DynamicBatcher(scaler, { maxBatchSize: 64, maxDelayMs: 1 });
    const err = await rejection(batcher.infer([fp64('x', [[1, 2, 3]])]));
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toContain("'x'");
    expect(batcher.stats().batchesRun).toBe(0);
  });

  it('returns to each caller the outputs it asked for', async () => {
    const batcher = new DynamicBatcher(scaler, { maxBatchSize: 64, maxDelayMs: 20 });
    const [onlySum, onlyScaled, both] = await Promise.all([
      batcher.infer([fp64('x', [[1, 2]])], { outputs: ['rowSum'] }),
      batcher.infer([fp64('x', [[3, 4]])], { outputs: ['scaled'] }),
      batcher.infer([fp64('x', [[5, 6]])]),
    ]);
    expect(
      onlySum?.map((tensor) => [tensor.name, Array.from(tensor.data as Float64Array)]),
    ).toEqual([['rowSum', [3]]]);
    expect(
      onlyScaled?.map((tensor) => [tensor.name, Array.from(tensor.data as Float64Array)]),
    ).toEqual([['scaled', [9, 12]]]);
    expect(both?.map((tensor) => tensor.name)).toEqual(['scaled', 'rowSum']);
    expect(batcher.stats().batchesRun).toBe(1);
  });

  it('runs queued requests on close, then refuses new ones', async () => {
    const inner = await loadModelFromDirectory(join(FIXTURE_MODELS_DIR, 'js-scaler'), {
      poolSize: 1,
    });
    const batcher = new DynamicBatcher(inner, { maxBatchSize: 8, maxDelayMs: 10_000 });
    // Values from 100 up: the scaler misbehaves on purpose for a few small sentinels.
    const pending = Array.from({ length: 20 }, (_, i) =>
      batcher.infer([fp64('x', [[100 + i, 0]])]),
    );
    await batcher.close();
    const results = await Promise.all(pending);
    expect(results.map((outputs) => (outputs[0]?.data as Float64Array)[0])).toEqual(
      Array.from({ length: 20 }, (_, i) => (100 + i) * 3),
    );
    expect(batcher.ready).toBe(false);
    expect(inner.ready).toBe(false);
    expect((await rejection(batcher.infer([fp64('x', [[1, 1]])]))).code).toBe('UNAVAILABLE');
  });
});
