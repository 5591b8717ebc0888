import type { Kysely } from 'kysely';
import type { JobLeaseStore } from '@slipway/core';
import type { SlipwaySchema } from './schema.js';
import type { SqlDatabase } from './sql-database.js';

/** Job leases in SQLite or PostgreSQL: one conditional upsert decides who holds a lease. */
export class SqlJobLeaseStore implements JobLeaseStore {
  private readonly db: Kysely<SlipwaySchema>;

  constructor(database: SqlDatabase) {
    this.db = database.db;
  }

  async tryAcquire(name: string, holder: string, now: number, ttlMs: number): Promise<boolean> {
    // The row is taken over only when it has expired or is already ours; otherwise the upsert
    // updates nothing and returns no row. Both engines evaluate this atomically per row.
    const rows = await this.db
      .insertInto('job_leases')
      .values({ name, holder, expires_at: now + ttlMs })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet({ holder, expires_at: now + ttlMs })
          .where((eb) =>
            eb.or([eb('job_leases.expires_at', '<=', now), eb('job_leases.holder', '=', holder)]),
          ),
      )
      .returning('holder')
      .execute();
    return rows.length === 1 && rows[0]?.holder === holder;
  }

  async release(name: string, holder: string): Promise<void> {
    await this.db
      .deleteFrom('job_leases')
      .where('name', '=', name)
      .where('holder', '=', holder)
      .execute();
  }
}
