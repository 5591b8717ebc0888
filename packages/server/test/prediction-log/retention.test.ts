import { describe, expect, it } from 'vitest';
import type { RetentionResult } from '@slipway/core';
import { startRetention } from '../../src/serving/prediction-log/retention.js';
import { sqliteBackend } from '../support/sql-backends.js';
import { record, usePredictionEnv } from './prediction-fixtures.js';
import { eventually } from './logger-fixtures.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2024, 5, 30);

describe('startRetention', () => {
  const env = usePredictionEnv(sqliteBackend);

  it('deletes rows older than retentionDays at start and on every interval', async () => {
    await env.store.append([
      record(1, { requestId: 'ten-days', time: NOW - 10 * DAY }),
      record(2, { requestId: 'eight-days', time: NOW - 8 * DAY }),
      record(3, { requestId: 'six-days', time: NOW - 6 * DAY }),
      record(4, { requestId: 'today', time: NOW - 1000 }),
    ]);
    await env.store.attachGroundTruth([
      { deployment: 'fraud', requestId: 'ten-days', label: 1, time: NOW - 9 * DAY },
      { deployment: 'fraud', requestId: 'six-days', label: 0, time: NOW - 5 * DAY },
    ]);
    let clock = NOW;
    const results: (RetentionResult & { cutoff: number })[] = [];
    const retention = startRetention({
      store: env.store,
      retentionDays: 7,
      intervalMs: 20,
      now: () => clock,
      onResult: (result) => results.push(result),
    });
    await eventually(() => results.length >= 1);
    expect(results[0]).toEqual({ predictions: 2, groundTruth: 1, cutoff: NOW - 7 * DAY });
    const left = await env.store.query({ deployment: 'fraud', limit: 10 });
    expect(left.items.map((r) => r.requestId)).toEqual(['six-days', 'today']);

    // Two days later the six-day-old row has aged out too.
    clock = NOW + 2 * DAY;
    await eventually(() => results.some((r) => r.predictions === 1));
    await retention.stop();
    const after = await env.store.join({ deployment: 'fraud', limit: 10 });
    expect(after.items.map((r) => r.requestId)).toEqual(['today']);
  });

  it('reports a failing store and keeps its schedule', async () => {
    let calls = 0;
    const errors: unknown[] = [];
    const retention = startRetention({
      store: {
        deleteOlderThan: () => {
          calls += 1;
          return Promise.reject(new Error('locked'));
        },
      },
      retentionDays: 1,
      intervalMs: 5,
      onError: (err) => errors.push(err),
    });
    await eventually(() => errors.length >= 3);
    await retention.stop();
    const stoppedAt = calls;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(calls).toBe(stoppedAt);
    expect((errors[0] as Error).message).toBe('locked');
    await expect(retention.runOnce()).rejects.toThrow('locked');
  });

  it('rejects a retention that is not a positive number of days', () => {
    expect(() => startRetention({ store: env.store, retentionDays: 0 })).toThrow(/positive/);
    expect(() => startRetention({ store: env.store, retentionDays: NaN })).toThrow(/positive/);
  });
});
