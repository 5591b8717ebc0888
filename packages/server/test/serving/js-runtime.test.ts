import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ModelSignature } from '@slipway/core';
import { JsRuntime } from '../../src/serving/runtime/js-runtime.js';
import { loadModelFromDirectory } from '../../src/serving/runtime/model-loader.js';
import type { PooledModelRuntime } from '../../src/serving/runtime/pooled-model-runtime.js';
import { FIXTURE_MODELS_DIR } from './model-fixtures.js';
import { fp64, rejection, tempDir } from './runtime-test-helpers.js';
import type { TempDir } from './runtime-test-helpers.js';

const SCALER_DIR = join(FIXTURE_MODELS_DIR, 'js-scaler');

describe('js predictor runtime', () => {
  let runtime: PooledModelRuntime;

  beforeAll(async () => {
    runtime = await loadModelFromDirectory(SCALER_DIR, { poolSize: 2 });
  });
  afterAll(async () => {
    await runtime.close();
  });

  it('serves the predictor with the state its load() built', async () => {
    expect(runtime.metadata).toMatchObject({ name: 'js-scaler', platform: 'js' });
    const outputs = await runtime.infer([
      fp64('x', [
        [1, 2],
        [3, 4.5],
      ]),
    ]);
    expect(outputs.map((tensor) => tensor.name)).toEqual(['scaled', 'rowSum']);
    expect(outputs[0]).toMatchObject({ datatype: 'FP64', shape: [2, 2] });
    expect(Array.from(outputs[0]?.data as Float64Array)).toEqual([3, 6, 9, 13.5]);
    expect(outputs[1]?.shape).toEqual([2, 1]);
    expect(Array.from(outputs[1]?.data as Float64Array)).toEqual([3, 7.5]);
  });

  it('returns only the requested outputs, in the requested order', async () => {
    const outputs = await runtime.infer([fp64('x', [[1, 1]])], { outputs: ['rowSum'] });
    expect(outputs.map((tensor) => tensor.name)).toEqual(['rowSum']);
  });

  it('leaves the caller’s tensors intact (copies cross the thread boundary)', async () => {
    const input = fp64('x', [[5, 6]]);
    await runtime.infer([input]);
    expect((input.data as Float64Array).byteLength).toBe(16);
    expect(Array.from(input.data as Float64Array)).toEqual([5, 6]);
  });

  it('leaves large tensors intact too (those are copied, then transferred)', async () => {
    // Offset past the fixture's sentinel values (13, 42, 666, 777).
    const rows = Array.from({ length: 3_000 }, (_, i) => [1_000 + i, 0.5]);
    const input = fp64('x', rows);
    const [scaled] = await runtime.infer([input], { outputs: ['scaled'] });
    expect((input.data as Float64Array).byteLength).toBe(48_000);
    expect((input.data as Float64Array)[2 * 2_999]).toBe(3_999);
    expect((scaled?.data as Float64Array)[2 * 2_999]).toBe(3 * 3_999);
  });

  it('answers each of many concurrent requests with its own result or error', async () => {
    // Requests dispatched in one event-loop turn share a message to the worker, and results come
    // back in batches: every request must still get exactly its own outcome.
    const values = Array.from({ length: 40 }, (_, i) =>
      i % 10 === 3 ? -1 : i % 10 === 7 ? 42 : i,
    );
    const settled = await Promise.allSettled(
      values.map((value) => runtime.infer([fp64('x', [[value, 1]])], { outputs: ['rowSum'] })),
    );
    settled.forEach((outcome, i) => {
      const value = values[i] as number;
      if (value === -1 || value === 42) {
        expect(outcome.status).toBe('rejected');
        const code = outcome.status === 'rejected' ? (outcome.reason as { code: string }).code : '';
        expect(code).toBe(value === -1 ? 'INVALID_ARGUMENT' : 'INTERNAL');
      } else {
        expect(outcome.status).toBe('fulfilled');
        const data = outcome.status === 'fulfilled' ? outcome.value[0]?.data : undefined;
        expect(Array.from(data as Float64Array)).toEqual([value + 1]);
      }
    });
  });

  it('keeps an error code the predictor chose and turns other throws into INTERNAL', async () => {
    const invalid = await rejection(runtime.infer([fp64('x', [[-1, 2]])]));
    expect(invalid.code).toBe('INVALID_ARGUMENT');
    expect(invalid.message).toBe('x must be non-negative');
    const internal = await rejection(runtime.infer([fp64('x', [[42, 0]])]));
    expect(internal.code).toBe('INTERNAL');
    expect(internal.message).toContain('the answer is not allowed');
  });

  it('rejects outputs that break the declared signature', async () => {
    const wrongType = await rejection(
      runtime.infer([fp64('x', [[777, 0]])], { outputs: ['scaled'] }),
    );
    expect(wrongType.code).toBe('INTERNAL');
    expect(wrongType.message).toContain("output 'scaled' as FP32");
    const missing = await rejection(runtime.infer([fp64('x', [[777, 0]])]));
    expect(missing.message).toContain("no output 'rowSum'");
  });
});

describe('worker crash recovery', () => {
  let runtime: PooledModelRuntime | undefined;
  afterEach(async () => {
    await runtime?.close();
  });

  it.each([
    ['process.exit()', 13, /exit code 7/],
    ['an uncaught exception', 666, /boom from a timer/],
  ])(
    'fails the in-flight request with UNAVAILABLE after %s and replaces the worker',
    async (_, sentinel, detail) => {
      runtime = await loadModelFromDirectory(SCALER_DIR, { poolSize: 1 });
      const crashed = await rejection(runtime.infer([fp64('x', [[sentinel, 1]])]));
      expect(crashed.code).toBe('UNAVAILABLE');
      expect(crashed.message).toMatch(detail);
      expect(crashed.message).toContain("model 'js-scaler'");
      // The next request waits for the replacement worker instead of failing.
      const outputs = await runtime.infer([fp64('x', [[1, 2]])]);
      expect(Array.from(outputs[0]?.data as Float64Array)).toEqual([3, 6]);
      expect(runtime.poolStats()).toMatchObject({ restarts: 1, readyWorkers: 1, size: 1 });
      expect(runtime.ready).toBe(true);
    },
  );

  it('fails only the requests on the crashed worker', async () => {
    runtime = await loadModelFromDirectory(SCALER_DIR, { poolSize: 2 });
    const live = runtime;
    const results = await Promise.allSettled([
      live.infer([fp64('x', [[13, 0]])]),
      ...Array.from({ length: 20 }, (_, i) => live.infer([fp64('x', [[i, i]])])),
    ]);
    expect(results[0]?.status).toBe('rejected');
    const failures = results.filter((result) => result.status === 'rejected');
    const answered = results.filter((result) => result.status === 'fulfilled');
    // Requests queued behind the crash on the same worker fail with it; the other worker's succeed.
    expect(
      failures.every((result) => (result.reason as { code?: string }).code === 'UNAVAILABLE'),
    ).toBe(true);
    expect(answered.length).toBeGreaterThanOrEqual(5);
    const later = await Promise.all(
      Array.from({ length: 10 }, (_, i) => live.infer([fp64('x', [[i, 1]])])),
    );
    expect(later.map((outputs) => (outputs[0]?.data as Float64Array)[0])).toEqual(
      Array.from({ length: 10 }, (_, i) => i * 3),
    );
    expect(live.poolStats().restarts).toBe(1);
  });
});

describe('js predictor loading', () => {
  let dir: TempDir;
  const signature: ModelSignature = {
    inputs: [{ name: 'x', datatype: 'INT32', shape: [-1] }],
    outputs: [{ name: 'thread', datatype: 'INT32', shape: [1] }],
  };
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(async () => {
    await dir.remove();
  });

  it('runs predict() off the main thread', async () => {
    const file = await dir.write(
      'thread.mjs',
      "import { threadId } from 'node:worker_threads';\n" +
        "export function predict() { return [{ name: 'thread', datatype: 'INT32', shape: [1], data: [threadId] }]; }\n",
    );
    const runtime = await JsRuntime.load(file, { signature, poolSize: 1 });
    try {
      const [thread] = await runtime.infer([
        { name: 'x', datatype: 'INT32', shape: [1], data: new Int32Array([1]) },
      ]);
      expect((thread?.data as Int32Array)[0]).toBeGreaterThan(0);
    } finally {
      await runtime.close();
    }
  });

  it('reports a predictor that cannot load as FAILED_PRECONDITION', async () => {
    const noPredict = await dir.write('no-predict.mjs', 'export const load = () => 1;\n');
    const err = await rejection(JsRuntime.load(noPredict, { signature, poolSize: 1 }));
    expect(err.code).toBe('FAILED_PRECONDITION');
    expect(err.message).toContain('does not export a predict(inputs) function');
    const badLoad = await dir.write(
      'bad-load.mjs',
      "export function load() { throw new Error('weights missing'); }\nexport function predict() { return []; }\n",
    );
    const loadErr = await rejection(JsRuntime.load(badLoad, { signature, poolSize: 2 }));
    expect(loadErr.message).toContain('weights missing');
    const syntax = await dir.write('syntax.mjs', 'export function predict( {\n');
    expect((await rejection(JsRuntime.load(syntax, { signature, poolSize: 1 }))).code).toBe(
      'FAILED_PRECONDITION',
    );
  });
});
