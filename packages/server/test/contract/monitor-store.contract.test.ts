import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseMonitorSpec } from '@slipway/core';
import type {
  MonitorRecord,
  MonitorRunResult,
  MonitorVersionResult,
  NewAuditEvent,
} from '@slipway/core';
import { SqlAuditStore } from '../../src/storage/sql/audit-store.js';
import { SqlMonitorStore } from '../../src/storage/sql/monitor-store.js';
import type { SqlDatabase } from '../../src/storage/sql/sql-database.js';
import { SQL_BACKENDS } from '../support/sql-backends.js';

function record(name: string, deployment: string, time = 1_000): MonitorRecord {
  return {
    name,
    deployment,
    spec: parseMonitorSpec({
      name,
      deployment,
      reference: { type: 'traffic', from: '14d', to: '7d' },
      window: { duration: '1h' },
    }),
    createdBy: 'alice',
    createdAt: time,
    updatedAt: time,
  };
}

function audit(action: string, resourceId: string, time = 1_000): NewAuditEvent {
  return { time, actor: 'alice', action, resourceType: 'deployment', resourceId };
}

function versionResult(version: string | null, drifted?: boolean): MonitorVersionResult {
  const result: MonitorVersionResult = { version, rows: 40, judged: true };
  if (drifted !== undefined) {
    result.drift = {
      datasetDrift: drifted,
      driftShare: drifted ? 1 : 0,
      driftShareThreshold: 0.5,
      numberOfColumns: 1,
      numberOfDriftedColumns: drifted ? 1 : 0,
      columns: [],
    };
  }
  return result;
}

function run(time: number, results: MonitorVersionResult[], monitor = 'm1'): MonitorRunResult {
  return {
    monitor,
    deployment: 'fraud',
    time,
    windowStart: time - 3_600_000,
    windowEnd: time,
    trigger: 'schedule',
    results,
  };
}

describe.each(SQL_BACKENDS)('MonitorStore contract ($name)', (backend) => {
  let database: SqlDatabase;
  let store: SqlMonitorStore;
  let dispose: (() => Promise<void>) | undefined;
  beforeEach(async () => {
    const created = await backend.create();
    database = created.database;
    dispose = created.dispose;
    store = new SqlMonitorStore(database);
  });
  afterEach(async () => {
    // As in access-fixtures: let pg's sockets close before the database is dropped WITH (FORCE).
    await database.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await dispose?.();
    dispose = undefined;
  });

  const auditActions = async () =>
    (await new SqlAuditStore(database).search({ limit: 100, offset: 0 })).items.map(
      (e) => `${e.action} ${e.resourceId}`,
    );

  it('creates, replaces (keeping creation facts) and audits in the same write', async () => {
    expect(await store.put(record('m1', 'fraud'), audit('monitor.apply', 'fraud'))).toEqual({
      created: true,
    });
    const replaced = { ...record('m1', 'fraud', 5_000), createdBy: 'bob' };
    replaced.spec = { ...replaced.spec, minRows: 7 };
    expect(await store.put(replaced, audit('monitor.apply', 'fraud', 5_000))).toEqual({
      created: false,
    });
    const got = await store.get('m1');
    expect(got).toEqual({ ...record('m1', 'fraud'), updatedAt: 5_000, spec: replaced.spec });
    expect(got?.spec.minRows).toBe(7);
    expect(await store.get('nope')).toBeUndefined();
    expect(await auditActions()).toEqual(['monitor.apply fraud', 'monitor.apply fraud']);
  });

  it('lists by name, optionally of one deployment', async () => {
    await store.put(record('zeta', 'fraud'), audit('monitor.apply', 'fraud'));
    await store.put(record('alpha', 'churn'), audit('monitor.apply', 'churn'));
    await store.put(record('beta', 'fraud'), audit('monitor.apply', 'fraud'));
    expect((await store.list()).map((m) => m.name)).toEqual(['alpha', 'beta', 'zeta']);
    expect((await store.list('fraud')).map((m) => m.name)).toEqual(['beta', 'zeta']);
    expect(await store.list('none')).toEqual([]);
  });

  it('round-trips runs, newest first, with errors and runs without results', async () => {
    const first = run(10_000, [versionResult('1', false), versionResult(null, false)]);
    const failed = { ...run(20_000, []), trigger: 'manual' as const, error: 'reference missing' };
    const id1 = await store.appendResult(first);
    const id2 = await store.appendResult(failed);
    expect(id1).not.toBe(id2);
    expect(await store.history({ monitor: 'm1', limit: 10 })).toEqual([
      { ...failed, id: id2 },
      { ...first, id: id1 },
    ]);
    expect(await store.history({ monitor: 'other', limit: 10 })).toEqual([]);
  });

  it('gets one run by id, only under its own monitor', async () => {
    const withResults = run(10_000, [versionResult(null, true), versionResult('1', false)]);
    const failed = { ...run(20_000, []), error: 'reference missing' };
    const id = await store.appendResult(withResults);
    const failedId = await store.appendResult(failed);
    await store.appendResult(run(30_000, [versionResult('2', true)]));
    expect(await store.getRun('m1', id)).toEqual({ ...withResults, id });
    expect(await store.getRun('m1', failedId)).toEqual({ ...failed, id: failedId });
    expect(await store.getRun('m2', id)).toBeUndefined();
    expect(await store.getRun('m1', 'no-such-run')).toBeUndefined();
    expect(await store.getRun('m1', 'x'.repeat(200))).toBeUndefined();
  });

  it('orders runs of the same millisecond as they were stored', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(await store.appendResult(run(7_000, [versionResult('1')])));
    const runs = await store.history({ monitor: 'm1', limit: 10 });
    expect(runs.map((r) => r.id)).toEqual([...ids].reverse());
  });

  it('filters history by time, version and limit in runs, not rows', async () => {
    for (const t of [1_000, 2_000, 3_000, 4_000]) {
      const results = [versionResult('1', t >= 3_000), versionResult(null, false)];
      if (t % 2_000 === 0) results.unshift(versionResult('2', true));
      await store.appendResult(run(t, results));
    }
    const times = (runs: MonitorRunResult[]) => runs.map((r) => r.time);
    expect(times(await store.history({ monitor: 'm1', limit: 2 }))).toEqual([4_000, 3_000]);
    expect(
      times(await store.history({ monitor: 'm1', from: 2_000, to: 3_000, limit: 10 })),
    ).toEqual([3_000, 2_000]);
    const v2 = await store.history({ monitor: 'm1', version: '2', limit: 10 });
    expect(times(v2)).toEqual([4_000, 2_000]);
    expect(v2.map((r) => r.results.map((x) => x.version))).toEqual([['2'], ['2']]);
    const all = await store.history({ monitor: 'm1', limit: 1 });
    expect(all[0]?.results.map((x) => x.version)).toEqual(['2', '1', null]);
    expect(all[0]?.results[1]?.drift?.datasetDrift).toBe(true);
  });

  it('deletes a monitor with its results, and nothing when it is absent', async () => {
    await store.put(record('m1', 'fraud'), audit('monitor.apply', 'fraud'));
    await store.put(record('m2', 'fraud'), audit('monitor.apply', 'fraud'));
    await store.appendResult(run(1_000, [versionResult('1')], 'm1'));
    await store.appendResult(run(1_000, [versionResult('1')], 'm2'));
    expect(await store.delete('m1', audit('monitor.delete', 'fraud', 2_000))).toBe(true);
    expect(await store.get('m1')).toBeUndefined();
    expect(await store.history({ monitor: 'm1', limit: 10 })).toEqual([]);
    expect(await store.history({ monitor: 'm2', limit: 10 })).toHaveLength(1);
    expect(await store.delete('m1', audit('monitor.delete', 'fraud', 3_000))).toBe(false);
    expect(await auditActions()).toEqual([
      'monitor.delete fraud',
      'monitor.apply fraud',
      'monitor.apply fraud',
    ]);
  });

  it('deletes results older than a cutoff (retention)', async () => {
    await store.appendResult(run(1_000, [versionResult('1'), versionResult(null)]));
    await store.appendResult(run(2_000, []));
    await store.appendResult(run(3_000, [versionResult('1')]));
    expect(await store.deleteResultsBefore(3_000)).toBe(3);
    const left = await store.history({ monitor: 'm1', limit: 10 });
    expect(left.map((r) => r.time)).toEqual([3_000]);
  });
});
