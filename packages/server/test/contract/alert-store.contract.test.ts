import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertEventView, AlertStateView, RetrainingTriggerView } from '@slipway/core';
import { SqlAlertStore } from '../../src/storage/sql/alert-store.js';
import type { SqlDatabase } from '../../src/storage/sql/sql-database.js';
import { SQL_BACKENDS } from '../support/sql-backends.js';

const RULE = {
  deployment: 'fraud',
  metric: 'drift.share',
  op: '>=' as const,
  threshold: 0.5,
  severity: 'warning' as const,
};

function state(
  monitor: string,
  alert: string,
  version: string | null,
  status: 'ok' | 'firing',
  at: number,
): AlertStateView {
  return {
    ...RULE,
    monitor,
    alert,
    version,
    status,
    breaches: status === 'firing' ? 2 : 0,
    oks: 0,
    lastValue: status === 'firing' ? 0.9 : 0.1,
    ...(status === 'firing' ? { lastFiredAt: at } : {}),
    updatedAt: at,
  };
}

function event(id: string, monitor: string, type: 'fired' | 'resolved', time: number) {
  const e: AlertEventView = {
    ...RULE,
    id,
    monitor,
    alert: 'drift',
    version: null,
    type,
    time,
    value: 0.9,
    runId: `run-${id}`,
  };
  return e;
}

function trigger(id: string, time: number, deployment = 'fraud', version: string | null = null) {
  const t: RetrainingTriggerView = {
    id,
    monitor: 'm1',
    deployment,
    alert: 'drift',
    version,
    metric: 'drift.share',
    value: 0.9,
    threshold: 0.5,
    time,
    status: 'pending',
  };
  return t;
}

describe.each(SQL_BACKENDS)('AlertStore contract ($name)', (backend) => {
  let database: SqlDatabase;
  let store: SqlAlertStore;
  let dispose: (() => Promise<void>) | undefined;
  beforeEach(async () => {
    const created = await backend.create();
    database = created.database;
    dispose = created.dispose;
    store = new SqlAlertStore(database);
  });
  afterEach(async () => {
    await database.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await dispose?.();
    dispose = undefined;
  });

  it('keeps one state per monitor, alert and version, replaced by each evaluation', async () => {
    await store.record({
      monitor: 'm1',
      states: [state('m1', 'drift', null, 'ok', 1), state('m1', 'drift', '2', 'firing', 1)],
      events: [],
      triggers: [],
    });
    await store.record({
      monitor: 'm1',
      states: [state('m1', 'drift', null, 'firing', 2), state('m1', 'age', null, 'ok', 2)],
      events: [],
      triggers: [],
    });
    await store.record({
      monitor: 'm2',
      states: [state('m2', 'drift', null, 'ok', 3)],
      events: [],
      triggers: [],
    });
    expect(await store.states('m1')).toEqual([
      state('m1', 'age', null, 'ok', 2),
      state('m1', 'drift', null, 'firing', 2),
      state('m1', 'drift', '2', 'firing', 1),
    ]);
    await store.pruneStates('m1', ['drift']);
    expect((await store.states('m1')).map((s) => s.alert)).toEqual(['drift', 'drift']);
    await store.pruneStates('m1', []);
    expect(await store.states('m1')).toEqual([]);
    expect(await store.states('m2')).toHaveLength(1);
  });

  it('logs events newest first (in order within one evaluation), by time window', async () => {
    await store.record({
      monitor: 'm1',
      states: [],
      events: [event('a', 'm1', 'fired', 10), event('b', 'm1', 'resolved', 10)],
      triggers: [],
    });
    await store.record({
      monitor: 'm1',
      states: [],
      events: [event('c', 'm1', 'fired', 20)],
      triggers: [],
    });
    await store.record({
      monitor: 'm2',
      states: [],
      events: [event('d', 'm2', 'fired', 30)],
      triggers: [],
    });
    const ids = async (q: { from?: number; to?: number; limit?: number }) =>
      (await store.events({ monitor: 'm1', limit: 100, ...q })).map((e) => e.id);
    expect(await ids({})).toEqual(['c', 'b', 'a']);
    expect(await ids({ to: 15 })).toEqual(['b', 'a']);
    expect(await ids({ from: 15 })).toEqual(['c']);
    expect(await ids({ limit: 2 })).toEqual(['c', 'b']);
    expect((await store.events({ monitor: 'm1', limit: 1 }))[0]).toEqual(
      event('c', 'm1', 'fired', 20),
    );
    await store.deleteMonitor('m1');
    expect(await ids({})).toEqual([]);
    expect(await store.events({ monitor: 'm2', limit: 10 })).toHaveLength(1);
  });

  it('keeps triggers: latest per alert and version, filtered, claimed once', async () => {
    await store.record({
      monitor: 'm1',
      states: [],
      events: [],
      triggers: [trigger('t1', 100), trigger('t2', 200), trigger('t3', 300, 'fraud', '2')],
    });
    await store.record({
      monitor: 'm1',
      states: [],
      events: [],
      triggers: [trigger('t4', 400, 'churn')],
    });
    expect((await store.latestTrigger('m1', 'drift', null))?.id).toBe('t4');
    expect((await store.latestTrigger('m1', 'drift', '2'))?.id).toBe('t3');
    expect(await store.latestTrigger('m1', 'other', null)).toBeUndefined();
    const ids = async (q: { deployments?: string[]; status?: 'pending' | 'claimed' }) =>
      (await store.triggers({ limit: 100, ...q })).map((t) => t.id);
    expect(await ids({})).toEqual(['t4', 't3', 't2', 't1']);
    expect(await ids({ deployments: ['fraud'] })).toEqual(['t3', 't2', 't1']);
    expect(await ids({ deployments: [] })).toEqual([]);

    const claimed = await store.claimTrigger('t2', 'pipeline-a', 500);
    expect(claimed).toEqual({
      ...trigger('t2', 200),
      status: 'claimed',
      claimedBy: 'pipeline-a',
      claimedAt: 500,
    });
    expect(await store.claimTrigger('t2', 'pipeline-b', 600)).toBeUndefined();
    expect(await store.claimTrigger('nope', 'pipeline-b', 600)).toBeUndefined();
    expect(await store.getTrigger('t2')).toEqual(claimed);
    expect(await ids({ status: 'pending' })).toEqual(['t4', 't3', 't1']);
    expect(await ids({ status: 'claimed' })).toEqual(['t2']);
    // Racing claimants: exactly one wins.
    const race = await Promise.all([
      store.claimTrigger('t1', 'a', 700),
      store.claimTrigger('t1', 'b', 700),
      store.claimTrigger('t1', 'c', 700),
    ]);
    expect(race.filter((r) => r !== undefined)).toHaveLength(1);
    // Triggers outlive the monitor's states and events: they are a record of retraining asked for.
    await store.deleteMonitor('m1');
    expect(await ids({})).toHaveLength(4);
  });

  it('writes an evaluation whole or not at all', async () => {
    await store.record({ monitor: 'm1', states: [], events: [], triggers: [trigger('t1', 1)] });
    // The second trigger reuses an id: the whole evaluation, state and event included, is refused.
    await expect(
      store.record({
        monitor: 'm1',
        states: [state('m1', 'drift', null, 'firing', 2)],
        events: [event('e1', 'm1', 'fired', 2)],
        triggers: [trigger('t1', 2)],
      }),
    ).rejects.toThrow();
    expect(await store.states('m1')).toEqual([]);
    expect(await store.events({ monitor: 'm1', limit: 10 })).toEqual([]);
  });
});
