import { afterEach, beforeEach } from 'vitest';
import type { PredictionRecord } from '@slipway/core';
import { SqlPredictionLogStore } from '../../src/storage/sql/prediction-log-store.js';
import type { SqlDatabase } from '../../src/storage/sql/sql-database.js';
import type { TestBackend } from '../support/sql-backends.js';

export interface PredictionEnv {
  database: SqlDatabase;
  store: SqlPredictionLogStore;
  /** The database's URI, for a second connection to it (the monitor thread's). */
  uri: string;
}

/** A fresh migrated database per test with a prediction log store over it. */
export function usePredictionEnv(backend: TestBackend): PredictionEnv {
  const env = {} as PredictionEnv;
  let dispose: (() => Promise<void>) | undefined;
  beforeEach(async () => {
    const created = await backend.create();
    dispose = created.dispose;
    env.database = created.database;
    env.uri = created.uri;
    env.store = new SqlPredictionLogStore(created.database);
  });
  afterEach(async () => {
    // Close first and let pg's sockets finish before DROP DATABASE ... WITH (FORCE) (see
    // tracking-fixtures.ts for the race this avoids).
    await env.database.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await dispose?.();
    dispose = undefined;
  });
  return env;
}

/** A small but complete record; `n` varies every field so mix-ups between rows show. */
export function record(n: number, overrides: Partial<PredictionRecord> = {}): PredictionRecord {
  return {
    requestId: `req-${n}`,
    deployment: 'fraud',
    modelName: 'fraud-model',
    modelVersion: String(1 + (n % 3)),
    inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 2], data: [n, n + 0.5] }],
    outputs: [{ name: 'y', datatype: 'INT64', shape: [1], data: [String(n * 10)] }],
    latencyMs: 1.25 + n,
    status: 'ok',
    time: 1_700_000_000_000 + n * 1000,
    ...overrides,
  };
}
