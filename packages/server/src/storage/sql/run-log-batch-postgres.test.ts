import type { CompiledQuery, Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { logPointsAndTags } from './run-log-batch-postgres.js';
import type { SlipwaySchema } from './schema.js';

/**
 * The deadlock retry of the single-statement log-batch. A real deadlock between two batches is
 * not reproducible on demand (none occurred in the contract suite's races), so a stand-in for
 * the connection fails the statement the way node-postgres reports one; the statement itself
 * runs against PostgreSQL in the RunStore contract suite.
 */
function failingDb(failures: unknown[], isTransaction = false) {
  const seen: CompiledQuery[] = [];
  const db = {
    isTransaction,
    executeQuery(query: CompiledQuery) {
      seen.push(query);
      const failure = failures.shift();
      if (failure !== undefined) return Promise.reject(failure);
      return Promise.resolve({ rows: [{ live: 1 }] });
    },
  };
  return { db: db as unknown as Kysely<SlipwaySchema>, seen };
}

const point = { key: 'm', value: 1, timestamp: 1, step: 0 };
const batch = {
  points: [point],
  latest: [point],
  tags: [{ key: 't', value: 'v' }],
  activeOnly: true,
};
const deadlock = Object.assign(new Error('deadlock detected'), { code: '40P01' });

describe('logPointsAndTags', () => {
  it('runs the statement again after PostgreSQL breaks a deadlock', async () => {
    const { db, seen } = failingDb([deadlock, deadlock]);
    expect(await logPointsAndTags(db, 'r1', batch)).toBe(true);
    expect(seen).toHaveLength(3);
    expect(new Set(seen.map((q) => q.sql)).size).toBe(1);
  });

  it('gives up after three deadlocks', async () => {
    const { db } = failingDb([deadlock, deadlock, deadlock]);
    await expect(logPointsAndTags(db, 'r1', batch)).rejects.toBe(deadlock);
  });

  it("does not retry inside a caller's transaction, which the deadlock aborted", async () => {
    const { db, seen } = failingDb([deadlock], true);
    await expect(logPointsAndTags(db, 'r1', batch)).rejects.toBe(deadlock);
    expect(seen).toHaveLength(1);
  });

  it('does not retry other errors', async () => {
    const other = Object.assign(new Error('unique'), { code: '23505' });
    const { db, seen } = failingDb([other]);
    await expect(logPointsAndTags(db, 'r1', batch)).rejects.toBe(other);
    expect(seen).toHaveLength(1);
  });

  it('checks the run is active only when asked', async () => {
    const { db, seen } = failingDb([]);
    await logPointsAndTags(db, 'r1', batch);
    await logPointsAndTags(db, 'r1', { ...batch, activeOnly: false });
    expect(seen[0]?.sql).toContain("lifecycle_stage = 'active'");
    expect(seen[1]?.sql).not.toContain('lifecycle_stage');
  });
});
