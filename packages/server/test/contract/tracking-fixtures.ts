import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import {
  isSlipwayError,
  type CreateRunInput,
  type ErrorCode,
  type Metric,
  type Tag,
} from '@slipway/core';
import { SqlExperimentStore } from '../../src/storage/sql/experiment-store.js';
import { SqlRunStore } from '../../src/storage/sql/run-store.js';
import type { SqlDatabase } from '../../src/storage/sql/sql-database.js';
import type { TestBackend } from '../support/sql-backends.js';

export const ARTIFACT_ROOT = 'file:///tmp/slipway-artifacts';

export interface TrackingEnv {
  database: SqlDatabase;
  experiments: SqlExperimentStore;
  runs: SqlRunStore;
}

/**
 * A fresh migrated database with both stores over it: per test by default, or shared by the
 * enclosing describe block (`'suite'`) for read-only suites that seed once.
 */
export function useTrackingEnv(
  backend: TestBackend,
  scope: 'test' | 'suite' = 'test',
): TrackingEnv {
  const [before, after] = scope === 'test' ? [beforeEach, afterEach] : [beforeAll, afterAll];
  const env = {} as TrackingEnv;
  let dispose: (() => Promise<void>) | undefined;
  before(async () => {
    const created = await backend.create();
    dispose = created.dispose;
    env.database = created.database;
    env.experiments = new SqlExperimentStore(created.database);
    env.runs = new SqlRunStore(created.database);
  });
  after(async () => {
    // pg's Pool.end() resolves before its sockets have closed, and the support code's
    // DROP DATABASE ... WITH (FORCE) then kills them: the pool re-emits that as an 'error' event
    // nobody listens to (open-database.ts adds no pool error handler) and vitest reports an
    // uncaught exception. Closing first and letting the sockets finish avoids the race.
    await env.database.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await dispose?.();
    dispose = undefined;
  });
  return env;
}

export function newRunId(): string {
  return randomBytes(16).toString('hex');
}

export async function newExperiment(env: TrackingEnv, name = `exp-${newRunId()}`) {
  return env.experiments.create({
    name,
    defaultArtifactRoot: ARTIFACT_ROOT,
    tags: [],
    time: 1_000,
  });
}

export async function newRun(
  env: TrackingEnv,
  experimentId: string,
  overrides: Partial<CreateRunInput> = {},
) {
  const runId = overrides.runId ?? newRunId();
  return env.runs.create({
    runId,
    experimentId,
    userId: 'alice',
    runName: `run-${runId.slice(0, 6)}`,
    status: 'RUNNING',
    startTime: 1_000,
    artifactUri: `${ARTIFACT_ROOT}/${experimentId}/${runId}/artifacts`,
    tags: [],
    ...overrides,
  });
}

export function metric(key: string, value: number, step = 0, timestamp = 1_000): Metric {
  return { key, value, step, timestamp };
}

/** Sorted copy, so assertions do not depend on the order a backend returns rows in. */
export function byKey<T extends { key: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export function tagValue(tags: readonly Tag[], key: string): string | undefined {
  return tags.find((t) => t.key === key)?.value;
}

/** Awaits `work` and checks it failed with a SlipwayError of `code` whose message has `parts`. */
export async function expectSlipwayError(
  work: Promise<unknown>,
  code: ErrorCode,
  ...parts: string[]
): Promise<void> {
  let caught: unknown;
  try {
    await work;
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected a ${code} error`).toBeDefined();
  expect(isSlipwayError(caught), `not a SlipwayError: ${String(caught)}`).toBe(true);
  if (!isSlipwayError(caught)) return;
  expect(caught.code).toBe(code);
  for (const part of parts) expect(caught.message).toContain(part);
}
