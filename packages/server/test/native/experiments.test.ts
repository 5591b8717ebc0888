import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeRoutes as r } from '@slipway/core';
import { call, openNativeHarness } from './native-harness.js';
import type { NativeHarness } from './native-harness.js';

let h: NativeHarness;
beforeAll(async () => {
  h = await openNativeHarness();
});
afterAll(async () => h.close());

async function createExperiment(name: string, tags?: Array<{ key: string; value: string }>) {
  const res = await call(h, r.createExperiment, { body: { name, ...(tags ? { tags } : {}) } });
  expect(res.status).toBe(201);
  return res.json.experiment as { experimentId: string; name: string };
}

describe('experiments', () => {
  it('creates and reads an experiment by id and by name', async () => {
    const created = await createExperiment('churn', [{ key: 'team', value: 'risk' }]);
    expect(created.experimentId).toMatch(/^\d+$/u);
    const byId = await call(h, r.getExperiment, { params: { experimentId: created.experimentId } });
    expect(byId.json.experiment).toMatchObject({
      name: 'churn',
      lifecycleStage: 'active',
      artifactLocation: `mlflow-artifacts:/${created.experimentId}`,
      tags: [{ key: 'team', value: 'risk' }],
    });
    const byName = await call(h, r.getExperimentByName, { query: { name: 'churn' } });
    expect(byName.json.experiment.experimentId).toBe(created.experimentId);
  });

  it('refuses a duplicate name with 409 ALREADY_EXISTS', async () => {
    await createExperiment('dup');
    const res = await call(h, r.createExperiment, { body: { name: 'dup' } });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('ALREADY_EXISTS');
  });

  it('rejects a body without a name, naming the field', async () => {
    const res = await call(h, r.createExperiment, { body: { tags: [] } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('INVALID_ARGUMENT');
    expect(res.json.error.message).toContain("'name'");
    expect(res.json.error.details.issues[0].path).toBe('name');
  });

  it('answers 404 for unknown ids and names, 400 for a malformed id', async () => {
    const missing = await call(h, r.getExperiment, { params: { experimentId: '987654' } });
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('NOT_FOUND');
    const byName = await call(h, r.getExperimentByName, { query: { name: 'no-such' } });
    expect(byName.status).toBe(404);
    const bad = await call(h, r.getExperiment, { params: { experimentId: 'abc' } });
    expect(bad.status).toBe(400);
    const noName = await call(h, r.getExperimentByName);
    expect(noName.status).toBe(400);
    expect(noName.json.error.message).toContain("'name'");
  });

  it('searches with filter, order and pages', async () => {
    for (const name of ['page-b', 'page-c', 'page-a']) await createExperiment(name);
    const first = await call(h, r.searchExperiments, {
      query: { filter: "name LIKE 'page-%'", orderBy: 'name DESC', maxResults: '2' },
    });
    expect(first.json.experiments.map((e: { name: string }) => e.name)).toEqual([
      'page-c',
      'page-b',
    ]);
    expect(typeof first.json.nextPageToken).toBe('string');
    const second = await call(h, r.searchExperiments, {
      query: {
        filter: "name LIKE 'page-%'",
        orderBy: 'name DESC',
        maxResults: '2',
        pageToken: first.json.nextPageToken,
      },
    });
    expect(second.json.experiments.map((e: { name: string }) => e.name)).toEqual(['page-a']);
    expect(second.json.nextPageToken).toBeUndefined();
  });

  it('accepts several orderBy keys and rejects a bad filter or maxResults', async () => {
    const res = await call(h, r.searchExperiments, {
      query: { orderBy: ['name ASC', 'creation_time DESC'], maxResults: '1000' },
    });
    expect(res.status).toBe(200);
    const names = res.json.experiments.map((e: { name: string }) => e.name);
    expect(names).toEqual([...names].sort());
    const badFilter = await call(h, r.searchExperiments, { query: { filter: 'name ~ 3' } });
    expect(badFilter.status).toBe(400);
    const badMax = await call(h, r.searchExperiments, { query: { maxResults: 'many' } });
    expect(badMax.status).toBe(400);
    expect(badMax.json.error.message).toContain('maxResults');
  });

  it('renames, deletes and restores', async () => {
    const { experimentId } = await createExperiment('old-name');
    const renamed = await call(h, r.renameExperiment, {
      params: { experimentId },
      body: { name: 'new-name' },
    });
    expect(renamed.json.experiment.name).toBe('new-name');
    expect((await call(h, r.getExperimentByName, { query: { name: 'new-name' } })).status).toBe(
      200,
    );

    expect((await call(h, r.deleteExperiment, { params: { experimentId } })).status).toBe(204);
    const deleted = await call(h, r.getExperiment, { params: { experimentId } });
    expect(deleted.json.experiment.lifecycleStage).toBe('deleted');
    // As MLflow: a deleted experiment is not there to delete, an active one not there to restore.
    const again = await call(h, r.deleteExperiment, { params: { experimentId } });
    expect(again.status).toBe(404);
    expect(again.json.error.message).toBe(`No Experiment with id=${experimentId} exists`);
    const onlyDeleted = await call(h, r.searchExperiments, { query: { viewType: 'DELETED_ONLY' } });
    expect(onlyDeleted.json.experiments.map((e: { name: string }) => e.name)).toContain('new-name');
    const active = await call(h, r.searchExperiments);
    expect(active.json.experiments.map((e: { name: string }) => e.name)).not.toContain('new-name');

    expect((await call(h, r.restoreExperiment, { params: { experimentId } })).status).toBe(204);
    const restored = await call(h, r.getExperiment, { params: { experimentId } });
    expect(restored.json.experiment.lifecycleStage).toBe('active');
    expect((await call(h, r.restoreExperiment, { params: { experimentId } })).status).toBe(404);
  });

  it('refuses to delete the Default experiment with 412', async () => {
    const res = await call(h, r.deleteExperiment, { params: { experimentId: '0' } });
    expect(res.status).toBe(412);
    expect(res.json.error.code).toBe('FAILED_PRECONDITION');
  });

  it('sets and deletes tags whose keys contain slashes', async () => {
    const { experimentId } = await createExperiment('tagged');
    const set = await call(h, r.setExperimentTag, {
      params: { experimentId, key: 'owner/team' },
      body: { value: 'fraud' },
    });
    expect(set.status).toBe(204);
    const got = await call(h, r.getExperiment, { params: { experimentId } });
    expect(got.json.experiment.tags).toEqual([{ key: 'owner/team', value: 'fraud' }]);
    const del = await call(h, r.deleteExperimentTag, {
      params: { experimentId, key: 'owner/team' },
    });
    expect(del.status).toBe(204);
    const after = await call(h, r.getExperiment, { params: { experimentId } });
    expect(after.json.experiment.tags).toEqual([]);
    const again = await call(h, r.deleteExperimentTag, {
      params: { experimentId, key: 'owner/team' },
    });
    expect(again.status).toBe(404);
    const noValue = await call(h, r.setExperimentTag, {
      params: { experimentId, key: 'k' },
      body: {},
    });
    expect(noValue.status).toBe(400);
  });
});
