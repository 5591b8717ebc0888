import { describe, expect, it } from 'vitest';
import { sessionSettings } from '../../src/serving/runtime/runtime-options.js';
import { WorkerPool } from '../../src/serving/runtime/worker-pool.js';
import type { WorkerPoolOptions } from '../../src/serving/runtime/worker-pool.js';
import { goldenModel } from './model-fixtures.js';

const model = goldenModel('breast_cancer_logreg');

function options(extra: Partial<WorkerPoolOptions>): WorkerPoolOptions {
  return {
    size: 2,
    label: 'test model',
    data: { kind: 'onnx', modelPath: model.path, session: sessionSettings(2), warmUp: true },
    ...extra,
  };
}

async function servedRow(pool: WorkerPool): Promise<number> {
  const data = Float32Array.from(model.inputs[0] ?? []);
  const [probability] = await pool.run(
    [{ name: 'input', datatype: 'FP32', shape: [1, data.length], data }],
    [model.outputName],
  );
  return (probability?.data as Float32Array)[0] ?? NaN;
}

describe('worker pool sizing', () => {
  it('keeps one worker for a model faster than the threshold, and serves with it', async () => {
    const pool = await WorkerPool.start(options({ singleWorkerBelowMs: 60_000 }));
    try {
      expect(pool.stats()).toMatchObject({ size: 1, readyWorkers: 1 });
      expect(pool.warmUpMs).toBeGreaterThan(0);
      expect(Math.abs((await servedRow(pool)) - (model.expected[0]?.[0] ?? NaN))).toBeLessThan(
        1e-5,
      );
    } finally {
      await pool.close();
    }
  });

  it('starts the whole pool for a model slower than the threshold', async () => {
    const pool = await WorkerPool.start(options({ singleWorkerBelowMs: 0 }));
    try {
      expect(pool.stats()).toMatchObject({ size: 2, readyWorkers: 2 });
    } finally {
      await pool.close();
    }
  });

  it('starts the whole pool when no threshold is set (an explicit pool size)', async () => {
    const pool = await WorkerPool.start(options({}));
    try {
      expect(pool.stats()).toMatchObject({ size: 2, readyWorkers: 2 });
    } finally {
      await pool.close();
    }
  });
});
