import { describe, expect, it } from 'vitest';
import { readPredictionWindow } from '../../src/prediction-log/prediction-window.js';
import { SQL_BACKENDS } from '../support/sql-backends.js';
import { record, usePredictionEnv } from '../prediction-log/prediction-fixtures.js';

const T0 = 1_700_000_000_000;

describe.each(SQL_BACKENDS)('readPredictionWindow ($name)', (backend) => {
  const env = usePredictionEnv(backend);

  /** fraud: req-0..req-11 at T0 + n s (versions 1, 2, 3 in turn), req-5 failed; one churn row. */
  async function seed(): Promise<void> {
    const records = Array.from({ length: 12 }, (_, n) => record(n));
    records[5] = { ...record(5), status: 'error', error: 'bad input', outputs: [] };
    await env.store.append([...records, record(3, { deployment: 'churn' })]);
    await env.store.attachGroundTruth([
      { deployment: 'fraud', requestId: 'req-4', label: 'fraud', time: T0 },
      { deployment: 'fraud', requestId: 'req-6', label: null, time: T0 },
    ]);
  }

  it('reads [from, to) oldest first, successful predictions only, with ground truth', async () => {
    await seed();
    const { rows, truncated } = await readPredictionWindow(env.store, 'fraud', {
      from: T0 + 2000,
      to: T0 + 8000,
    });
    expect(truncated).toBe(false);
    expect(rows.map((r) => r.time)).toEqual([2, 3, 4, 6, 7].map((n) => T0 + n * 1000));
    expect(rows.map((r) => r.modelVersion)).toEqual(['3', '1', '2', '1', '2']);
    expect(rows[2]?.groundTruth).toEqual({ label: 'fraud' });
    expect(rows[3]?.groundTruth).toEqual({ label: null });
    expect(rows[0]?.groundTruth).toBeUndefined();
    expect(rows[0]?.inputs).toEqual([
      { name: 'x', datatype: 'FP32', shape: [1, 2], data: [2, 2.5] },
    ]);
    expect(rows[0]?.outputs[0]?.data).toEqual(['20']);
  });

  it('reads the newest N before `to`, skipping failures, optionally of one version', async () => {
    await seed();
    const last = await readPredictionWindow(env.store, 'fraud', { last: 3, to: T0 + 7000 });
    expect(last.rows.map((r) => r.time)).toEqual([3, 4, 6].map((n) => T0 + n * 1000));
    const v1 = await readPredictionWindow(env.store, 'fraud', {
      last: 100,
      to: T0 + 60_000,
      version: '1',
    });
    expect(v1.rows.map((r) => r.time)).toEqual([0, 3, 6, 9].map((n) => T0 + n * 1000));
    expect(v1.truncated).toBe(false);
  });

  it('refuses a window that ends before it starts', async () => {
    await expect(
      readPredictionWindow(env.store, 'fraud', { from: T0 + 10, to: T0 }),
    ).rejects.toThrow(/start must not be after its end/u);
  });
});
