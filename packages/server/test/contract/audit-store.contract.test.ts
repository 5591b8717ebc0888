import { describe, expect, it } from 'vitest';
import type { AuditEvent, AuditQuery, NewAuditEvent, Page } from '@slipway/core';
import { SQL_BACKENDS } from '../support/sql-backends.js';
import { useAccessEnv, type AccessEnv } from './access-fixtures.js';

function event(overrides: Partial<NewAuditEvent> = {}): NewAuditEvent {
  return {
    time: 1_000,
    actor: 'alice',
    action: 'experiment.create',
    resourceType: 'experiment',
    resourceId: '1',
    ...overrides,
  };
}

function search(env: AccessEnv, query: AuditQuery & { limit?: number; offset?: number } = {}) {
  return env.audit.search({ limit: 100, offset: 0, ...query });
}

const actions = (page: Page<AuditEvent>) => page.items.map((e) => e.action);
const resourceIds = (page: Page<AuditEvent>) => page.items.map((e) => e.resourceId);

describe.each(SQL_BACKENDS)('AuditStore contract ($name)', (backend) => {
  const env = useAccessEnv(backend);

  /** Six events in id order e1..e6, with times deliberately not in id order. */
  async function seed(): Promise<void> {
    await env.audit.append([
      event({ resourceId: 'e1', time: 100, actor: 'alice', action: 'experiment.create' }),
      event({ resourceId: 'e2', time: 300, actor: 'bob', action: 'experiment.delete' }),
      event({
        resourceId: 'e3',
        time: 200,
        actor: 'alice',
        action: 'registered_model.alias.set',
        resourceType: 'registered_model',
      }),
    ]);
    await env.audit.append([
      event({
        resourceId: 'e4',
        time: 400,
        actor: 'system:gc',
        action: 'registered_model.delete',
        resourceType: 'registered_model',
      }),
      event({
        resourceId: 'e5',
        time: 250,
        actor: 'bob',
        action: 'login.failed',
        resourceType: 'session',
      }),
      event({ resourceId: 'e6', time: 500, actor: 'alice', action: 'experiment.update' }),
    ]);
  }

  it('is empty before anything is appended, and an empty append is a no-op', async () => {
    expect(await search(env)).toEqual({ items: [] });
    await env.audit.append([]);
    expect(await search(env)).toEqual({ items: [] });
  });

  it('returns appended events newest first by id, with increasing ids', async () => {
    await seed();
    const page = await search(env);
    expect(resourceIds(page)).toEqual(['e6', 'e5', 'e4', 'e3', 'e2', 'e1']);
    const ids = page.items.map((e) => e.id);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    expect(new Set(ids).size).toBe(6);
    expect(page.nextOffset).toBeUndefined();
  });

  it('round-trips every field; absent optional fields stay absent', async () => {
    const full: NewAuditEvent = {
      time: 1_700_000_000_123,
      actor: 'alice',
      tokenId: 'tok-123',
      action: 'registered_model.rename',
      resourceType: 'registered_model',
      resourceId: 'Model\'s "new" ü',
      before: { name: 'old' },
      after: { name: 'Model\'s "new" ü' },
    };
    await env.audit.append([full, event({ resourceId: 'bare' })]);
    const [bare, first] = (await search(env)).items;
    expect(first).toEqual({ ...full, id: expect.any(Number) as number });
    expect(bare).toEqual({ ...event({ resourceId: 'bare' }), id: expect.any(Number) as number });
    expect(bare).not.toHaveProperty('tokenId');
    expect(bare).not.toHaveProperty('before');
    expect(bare).not.toHaveProperty('after');
  });

  it('round-trips nested before/after JSON objects with unicode', async () => {
    const before = {
      tags: [{ key: 'team', value: 'vision' }],
      nested: { deep: { list: [1, 2.5, -3, null, true, 'x'] }, empty: {} },
      text: 'ünïcödé 名前 😀 "quoted" \'single\' back\\slash\nnewline\ttab',
    };
    const after = {
      aliases: { champion: 3 },
      description: null,
      count: 0,
      flag: false,
      big: 2 ** 53 - 1,
    };
    await env.audit.append([event({ before, after })]);
    const [read] = (await search(env)).items;
    expect(read?.before).toEqual(before);
    expect(read?.after).toEqual(after);
  });

  it('keeps the token id', async () => {
    await env.audit.append([event({ tokenId: 'tok-a' }), event({ resourceId: '2' })]);
    const page = await search(env);
    expect(page.items.map((e) => e.tokenId)).toEqual([undefined, 'tok-a']);
  });

  it('filters by actor', async () => {
    await seed();
    expect(resourceIds(await search(env, { actor: 'alice' }))).toEqual(['e6', 'e3', 'e1']);
    expect(resourceIds(await search(env, { actor: 'system:gc' }))).toEqual(['e4']);
    expect(resourceIds(await search(env, { actor: 'ALICE' }))).toEqual([]);
  });

  it('filters by resource type and resource id', async () => {
    await seed();
    expect(resourceIds(await search(env, { resourceType: 'registered_model' }))).toEqual([
      'e4',
      'e3',
    ]);
    expect(resourceIds(await search(env, { resourceId: 'e2' }))).toEqual(['e2']);
    expect(
      resourceIds(await search(env, { resourceType: 'experiment', resourceId: 'e3' })),
    ).toEqual([]);
    expect(resourceIds(await search(env, { resourceType: 'deployment' }))).toEqual([]);
  });

  it('filters by exact action', async () => {
    await seed();
    expect(resourceIds(await search(env, { action: 'experiment.delete' }))).toEqual(['e2']);
    // Without a trailing dot an action is exact, not a prefix.
    expect(resourceIds(await search(env, { action: 'experiment' }))).toEqual([]);
    expect(resourceIds(await search(env, { action: 'registered_model.alias' }))).toEqual([]);
  });

  it('filters by an action prefix ending in a dot', async () => {
    await seed();
    expect(resourceIds(await search(env, { action: 'experiment.' }))).toEqual(['e6', 'e2', 'e1']);
    expect(resourceIds(await search(env, { action: 'registered_model.' }))).toEqual(['e4', 'e3']);
    expect(resourceIds(await search(env, { action: 'registered_model.alias.' }))).toEqual(['e3']);
    expect(resourceIds(await search(env, { action: 'login.' }))).toEqual(['e5']);
    expect(resourceIds(await search(env, { action: 'model.' }))).toEqual([]);
  });

  it("matches '_' and '%' in an action prefix literally", async () => {
    await env.audit.append([
      event({ action: 'a_b.x', resourceId: 'underscore' }),
      event({ action: 'aXb.x', resourceId: 'letter' }),
      event({ action: 'a%c.x', resourceId: 'percent' }),
      event({ action: 'abbbc.x', resourceId: 'run' }),
      event({ action: 'a\\b.x', resourceId: 'backslash' }),
    ]);
    expect(resourceIds(await search(env, { action: 'a_b.' }))).toEqual(['underscore']);
    expect(resourceIds(await search(env, { action: 'a%c.' }))).toEqual(['percent']);
    expect(resourceIds(await search(env, { action: 'a\\b.' }))).toEqual(['backslash']);
    expect(resourceIds(await search(env, { action: '%.' }))).toEqual([]);
  });

  it('matches an action prefix case-sensitively, like an exact action', async () => {
    await env.audit.append([event({ action: 'experiment.delete' })]);
    expect(actions(await search(env, { action: 'Experiment.' }))).toEqual([]);
    expect(actions(await search(env, { action: 'Experiment.delete' }))).toEqual([]);
    expect(actions(await search(env, { action: 'experiment.' }))).toEqual(['experiment.delete']);
  });

  it('filters by time with inclusive bounds', async () => {
    await seed();
    // Times: e1=100 e2=300 e3=200 e4=400 e5=250 e6=500.
    expect(resourceIds(await search(env, { from: 250 }))).toEqual(['e6', 'e5', 'e4', 'e2']);
    expect(resourceIds(await search(env, { to: 250 }))).toEqual(['e5', 'e3', 'e1']);
    expect(resourceIds(await search(env, { from: 200, to: 300 }))).toEqual(['e5', 'e3', 'e2']);
    expect(resourceIds(await search(env, { from: 300, to: 300 }))).toEqual(['e2']);
    expect(resourceIds(await search(env, { from: 301, to: 399 }))).toEqual([]);
  });

  it('combines filters', async () => {
    await seed();
    expect(
      resourceIds(await search(env, { actor: 'alice', action: 'experiment.', from: 200 })),
    ).toEqual(['e6']);
    expect(
      resourceIds(await search(env, { actor: 'bob', resourceType: 'session', to: 250 })),
    ).toEqual(['e5']);
  });

  it('pages with limit and offset, announcing the next offset', async () => {
    await seed();
    const first = await search(env, { limit: 4, offset: 0 });
    expect(resourceIds(first)).toEqual(['e6', 'e5', 'e4', 'e3']);
    expect(first.nextOffset).toBe(4);
    const second = await search(env, { limit: 4, offset: first.nextOffset ?? -1 });
    expect(resourceIds(second)).toEqual(['e2', 'e1']);
    expect(second.nextOffset).toBeUndefined();

    const exact = await search(env, { limit: 6, offset: 0 });
    expect(exact.items).toHaveLength(6);
    expect(exact.nextOffset).toBeUndefined();

    const filtered = await search(env, { actor: 'alice', limit: 2, offset: 0 });
    expect(resourceIds(filtered)).toEqual(['e6', 'e3']);
    expect(filtered.nextOffset).toBe(2);
    const rest = await search(env, { actor: 'alice', limit: 2, offset: 2 });
    expect(resourceIds(rest)).toEqual(['e1']);
    expect(rest.nextOffset).toBeUndefined();
  });

  it('keeps the order of events appended in one batch', async () => {
    const batch = Array.from({ length: 25 }, (_, i) => event({ resourceId: `b${i}`, time: 7 }));
    await env.audit.append(batch);
    expect(resourceIds(await search(env))).toEqual(batch.map((e) => e.resourceId).reverse());
  });
});
