import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlipwayError, parseDeploymentSpec } from '@slipway/core';
import type { NewDeploymentEvent } from '@slipway/core';
import { SqlDeploymentStore } from '../../src/storage/sql/deployment-store.js';
import { SQL_BACKENDS } from '../support/sql-backends.js';

const canarySpec = parseDeploymentSpec({
  name: 'fraud',
  policy: {
    type: 'canary',
    stable: 'models:/fraud@champion',
    candidate: 'models:/fraud/7',
    steps: [10, 50, 100],
    interval: '30s',
    analysis: { maxErrorRate: 0.01 },
  },
});
const singleSpec = parseDeploymentSpec({
  name: 'fraud',
  policy: { type: 'single', model: 'models:/fraud/7' },
});

function event(action: NewDeploymentEvent['action'], time: number, reason: string = action) {
  return { action, time, reason, actor: 'alice', details: { step: 1 } };
}

async function errorOf(promise: Promise<unknown>): Promise<SlipwayError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SlipwayError);
  return err as SlipwayError;
}

describe.each(SQL_BACKENDS)('SqlDeploymentStore on $name', (backend) => {
  let store: SqlDeploymentStore;
  let dispose: () => Promise<void>;

  beforeEach(async () => {
    const created = await backend.create();
    dispose = created.dispose;
    store = new SqlDeploymentStore(created.database);
  });

  afterEach(async () => {
    await dispose();
  });

  const resolved = {
    stable: { name: 'fraud', version: '6' },
    candidate: { name: 'fraud', version: '7' },
  };
  const runtime = {
    canary: {
      stepIndex: 0,
      weight: 10,
      phase: 'progressing' as const,
      stepStartedAt: 1000,
      history: [],
    },
  };

  it('creates, reads back and lists deployments with their JSON intact', async () => {
    const created = await store.create(
      { name: 'fraud', spec: canarySpec, resolved, runtime },
      { actor: 'alice', time: 1000 },
      [event('created', 1000)],
    );
    const expected = {
      name: 'fraud',
      spec: canarySpec,
      resolved,
      runtime,
      revision: 1,
      createdAt: 1000,
      updatedAt: 1000,
      createdBy: 'alice',
      updatedBy: 'alice',
    };
    expect(created).toEqual(expected);
    expect(await store.get('fraud')).toEqual(expected);
    // The interval was stored in milliseconds and reads back as the same number.
    const back = await store.get('fraud');
    expect(back?.spec.policy.type === 'canary' && back.spec.policy.interval).toBe(30_000);
    expect(await store.get('other')).toBeUndefined();

    await store.create(
      { name: 'churn', spec: { ...singleSpec, name: 'churn' }, resolved: {}, runtime: {} },
      { actor: 'bob', time: 2000 },
      [],
    );
    expect((await store.list()).map((d) => d.name)).toEqual(['churn', 'fraud']);
  });

  it('refuses a second deployment with the same name', async () => {
    await store.create({ name: 'fraud', spec: canarySpec, resolved, runtime }, at(1), []);
    const err = await errorOf(
      store.create({ name: 'fraud', spec: singleSpec, resolved: {}, runtime: {} }, at(2), []),
    );
    expect(err.code).toBe('ALREADY_EXISTS');
    expect((await store.get('fraud'))?.spec).toEqual(canarySpec);
  });

  it('updates with a revision check and bumps the revision', async () => {
    await store.create({ name: 'fraud', spec: canarySpec, resolved, runtime }, at(1000), []);
    const nextRuntime = { canary: { ...runtime.canary, stepIndex: 1, weight: 50 } };
    const updated = await store.update(
      'fraud',
      1,
      { runtime: nextRuntime },
      { actor: 'scheduler', time: 2000 },
      [event('advanced', 2000, 'analysis passed')],
    );
    expect(updated).toMatchObject({
      revision: 2,
      runtime: nextRuntime,
      spec: canarySpec,
      resolved,
      createdAt: 1000,
      updatedAt: 2000,
      createdBy: 'alice',
      updatedBy: 'scheduler',
    });

    // A writer that read revision 1 loses: nothing it wanted is written, not even its events.
    const stale = await errorOf(
      store.update('fraud', 1, { spec: singleSpec, resolved: {} }, at(3000), [
        event('updated', 3000),
      ]),
    );
    expect(stale.code).toBe('CONFLICT');
    expect(stale.details).toEqual({ expectedRevision: 1, revision: 2 });
    expect((await store.get('fraud'))?.spec).toEqual(canarySpec);
    expect((await store.listEvents('fraud', { offset: 0, limit: 10 })).items).toHaveLength(1);

    const missing = await errorOf(store.update('nope', 1, {}, at(1), []));
    expect(missing.code).toBe('NOT_FOUND');
  });

  it('deletes with or without a revision and keeps the event log', async () => {
    await store.create({ name: 'fraud', spec: singleSpec, resolved: {}, runtime: {} }, at(1), [
      event('created', 1),
    ]);
    expect((await errorOf(store.delete('fraud', 5, at(2), []))).code).toBe('CONFLICT');
    await store.delete('fraud', 1, at(3), [event('deleted', 3)]);
    expect(await store.get('fraud')).toBeUndefined();
    expect((await errorOf(store.delete('fraud', undefined, at(4), []))).code).toBe('NOT_FOUND');
    const log = await store.listEvents('fraud', { offset: 0, limit: 10 });
    expect(log.items.map((e) => [e.action, e.time])).toEqual([
      ['created', 1],
      ['deleted', 3],
    ]);
  });

  it('lists every revision cheaply, telling a re-created deployment from the one before', async () => {
    expect(await store.listRevisions()).toEqual([]);
    await store.create({ name: 'fraud', spec: singleSpec, resolved: {}, runtime: {} }, at(10), []);
    await store.create(
      { name: 'churn', spec: { ...singleSpec, name: 'churn' }, resolved: {}, runtime: {} },
      at(20),
      [],
    );
    await store.update('fraud', 1, { runtime: {} }, at(30), []);
    expect(await store.listRevisions()).toEqual([
      { name: 'churn', revision: 1, createdAt: 20 },
      { name: 'fraud', revision: 2, createdAt: 10 },
    ]);
    await store.delete('churn', undefined, at(40), []);
    await store.create(
      { name: 'churn', spec: { ...singleSpec, name: 'churn' }, resolved: {}, runtime: {} },
      at(50),
      [],
    );
    expect(await store.listRevisions()).toEqual([
      { name: 'churn', revision: 1, createdAt: 50 },
      { name: 'fraud', revision: 2, createdAt: 10 },
    ]);
  });

  it('pages events oldest first and lists recent ones newest first', async () => {
    await store.create({ name: 'fraud', spec: singleSpec, resolved: {}, runtime: {} }, at(1), [
      event('created', 1),
    ]);
    let revision = 1;
    for (let i = 2; i <= 5; i += 1) {
      const record = await store.update('fraud', revision, {}, at(i), [
        event('updated', i, `change ${i}`),
      ]);
      revision = record.revision;
    }
    const first = await store.listEvents('fraud', { offset: 0, limit: 3 });
    expect(first.items.map((e) => e.time)).toEqual([1, 2, 3]);
    expect(first.nextOffset).toBe(3);
    const second = await store.listEvents('fraud', { offset: 3, limit: 3 });
    expect(second.items.map((e) => e.time)).toEqual([4, 5]);
    expect(second.nextOffset).toBeUndefined();
    const recent = await store.recentEvents('fraud', 2);
    expect(recent.map((e) => [e.reason, e.actor, e.details])).toEqual([
      ['change 5', 'alice', { step: 1 }],
      ['change 4', 'alice', { step: 1 }],
    ]);
    expect(recent[0]?.id).toBeGreaterThan(recent[1]?.id ?? Infinity);
    expect(await store.recentEvents('other', 5)).toEqual([]);
  });

  it('lets exactly one of many concurrent writers of one revision win', async () => {
    await store.create({ name: 'fraud', spec: singleSpec, resolved: {}, runtime: {} }, at(1), []);
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        store.update(
          'fraud',
          1,
          { runtime: { bandit: { reward: { min: 0, max: i }, arms: [] } } },
          at(i),
          [event('updated', i)],
        ),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.every((r) => (r.reason as SlipwayError).code === 'CONFLICT')).toBe(true);
    expect((await store.get('fraud'))?.revision).toBe(2);
    expect((await store.listEvents('fraud', { offset: 0, limit: 20 })).items).toHaveLength(1);
  });
});

function at(time: number) {
  return { actor: 'alice', time };
}
