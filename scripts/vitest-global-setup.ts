import { randomBytes } from 'node:crypto';
import pg from 'pg';

const PG_ADMIN =
  process.env.SLIPWAY_TEST_PG_ADMIN ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/**
 * Names this test run so the PostgreSQL databases its test processes create (and reuse between tests,
 * see packages/server/test/support/sql-backends.ts) can all be dropped once at the end, and never a
 * database of another run on the same machine.
 */
export default function setup(): () => Promise<void> {
  const runId = randomBytes(4).toString('hex');
  process.env.SLIPWAY_TEST_RUN_ID = runId;
  return async () => {
    const admin = new pg.Client({ connectionString: PG_ADMIN });
    try {
      await admin.connect();
      const { rows } = await admin.query<{ datname: string }>(
        'SELECT datname FROM pg_database WHERE datname LIKE $1',
        [`slipway_test_${runId}_%`],
      );
      for (const { datname } of rows) {
        await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
    } catch (err) {
      // Without PostgreSQL the suites that need it fail on their own; teardown has nothing to add.
      process.stderr.write(`vitest teardown: could not drop test databases: ${String(err)}\n`);
    } finally {
      await admin.end().catch(() => undefined);
    }
  };
}
