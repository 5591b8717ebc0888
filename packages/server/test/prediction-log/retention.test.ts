import { describe, expect, it } from 'vitest';
import type { Caller } from '@slipway/core';
import { AccessService } from '../../src/access/access-service.js';
import { BackgroundJobs } from '../../src/jobs/background-jobs.js';
import { silentLogger } from '../../src/logging/logger.js';
import { PredictionLogService } from '../../src/prediction-log/prediction-log-service.js';
import { PredictionLogger } from '../../src/prediction-log/prediction-logger.js';
import { RETENTION_JOB, scheduleRetention } from '../../src/prediction-log/retention-job.js';
import { SqlJobLeaseStore } from '../../src/storage/sql/job-lease-store.js';
import { SqlUnitOfWork, sqlStores } from '../../src/storage/sql/unit-of-work.js';
import { sqliteBackend } from '../support/sql-backends.js';
import { record, usePredictionEnv } from './prediction-fixtures.js';
import type { PredictionEnv } from './prediction-fixtures.js';
import { eventually } from './logger-fixtures.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2024, 5, 30);

function serviceOver(env: PredictionEnv, clock: { now(): number }) {
  const stores = sqlStores(env.database);
  const access = new AccessService({
    permissions: stores.permissions,
    users: stores.users,
    uow: new SqlUnitOfWork(env.database),
    clock,
    defaultPermission: 'READ',
  });
  const logger = new PredictionLogger({ store: env.store });
  return new PredictionLogService(env.store, logger, access, clock);
}

describe('prediction retention job', () => {
  const env = usePredictionEnv(sqliteBackend);

  it('deletes rows older than the retention at start and on every interval', async () => {
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
    let time = NOW;
    const clock = { now: () => time };
    const jobs = new BackgroundJobs({ logger: silentLogger(), clock });
    const service = serviceOver(env, clock);
    scheduleRetention(jobs, service, 7, silentLogger(), 20);
    await eventually(
      async () => (await env.store.query({ deployment: 'fraud', limit: 10 })).items.length === 2,
    );
    const left = await env.store.query({ deployment: 'fraud', limit: 10 });
    expect(left.items.map((r) => r.requestId)).toEqual(['six-days', 'today']);

    // Two days later the six-day-old row has aged out too.
    time = NOW + 2 * DAY;
    await eventually(
      async () => (await env.store.query({ deployment: 'fraud', limit: 10 })).items.length === 1,
    );
    await jobs.stop();
    const after = await env.store.join({ deployment: 'fraud', limit: 10 });
    expect(after.items.map((r) => r.requestId)).toEqual(['today']);
    await service.close();
  });

  it('runs on one of the servers sharing a store per interval', async () => {
    await env.store.append([record(1, { requestId: 'old', time: NOW - 10 * DAY })]);
    const clock = { now: () => NOW };
    const leases = new SqlJobLeaseStore(env.database);
    const a = new BackgroundJobs({ logger: silentLogger(), clock, leases, holder: 'a' });
    const b = new BackgroundJobs({ logger: silentLogger(), clock, leases, holder: 'b' });
    const service = serviceOver(env, clock);
    // An hour apart: neither schedule fires again during the test.
    scheduleRetention(a, service, 7, silentLogger(), 3_600_000);
    scheduleRetention(b, service, 7, silentLogger(), 3_600_000);
    const ran = [await a.runNow(RETENTION_JOB), await b.runNow(RETENTION_JOB)];
    expect(ran.filter(Boolean)).toHaveLength(1);
    // The holder may run again within its interval (it renews its own lease).
    const holder = ran[0] ? a : b;
    expect(await holder.runNow(RETENTION_JOB)).toBe(true);
    await Promise.all([a.stop(), b.stop()]);
    expect((await env.store.query({ deployment: 'fraud', limit: 10 })).items).toEqual([]);
    await service.close();
  });

  it('refuses a retention that is not a positive number of days', async () => {
    const service = serviceOver(env, { now: () => NOW });
    await expect(service.deleteOlderThanDays(0)).rejects.toThrow(/positive/);
    await expect(service.deleteOlderThanDays(Number.NaN)).rejects.toThrow(/positive/);
    await service.close();
  });

  it('keeps exports of a deployment to those who may read it', async () => {
    const service = serviceOver(env, { now: () => NOW });
    const stranger: Caller = { username: 'eve', userId: 999, isAdmin: false, via: 'password' };
    const users = sqlStores(env.database).users;
    const eve = await users.createUser({
      username: 'eve',
      passwordHash: 'x',
      isAdmin: false,
      time: NOW,
    });
    await sqlStores(env.database).permissions.set('deployment', 'fraud', eve.id, 'NO_PERMISSIONS');
    await expect(
      service.export({ ...stranger, userId: eve.id }, 'fraud', { format: 'jsonl' }),
    ).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await service.close();
  });
});
