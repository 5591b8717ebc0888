import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CreateModelVersionInput, ModelHistoryEvent } from '@slipway/core';
import { SqlModelRegistryStore } from '../../src/storage/sql/model-registry-store.js';
import type { SqlDatabase } from '../../src/storage/sql/sql-database.js';
import { SQL_BACKENDS } from '../support/sql-backends.js';
import { at, attr, expectError, order, rejectHistoryFrom, tag } from './registry-fixtures.js';

function versionInput(name: string, extra: Partial<CreateModelVersionInput> = {}) {
  return {
    name,
    source: `s3://bucket/${name}/model`,
    runId: '',
    runLink: '',
    description: '',
    tags: [],
    status: 'READY' as const,
    ...extra,
  };
}

/** History as compact tuples, which are easy to write out by hand in expectations. */
function brief(events: ModelHistoryEvent[]) {
  return events.map((e) => [e.action, e.version, e.from, e.to]);
}

describe.each(SQL_BACKENDS)('SqlModelRegistryStore on $name', (backend) => {
  let database: SqlDatabase;
  let dispose: () => Promise<void>;
  let store: SqlModelRegistryStore;

  beforeEach(async () => {
    const created = await backend.create();
    database = created.database;
    dispose = created.dispose;
    store = new SqlModelRegistryStore(database);
  });

  afterEach(async () => {
    await dispose();
  });

  async function history(name: string) {
    return (await store.listHistory(name, { offset: 0, limit: 1000 })).items;
  }

  async function model(name: string, time = 1000, tags: { key: string; value: string }[] = []) {
    return store.createRegisteredModel({ name, description: `about ${name}`, tags }, at(time));
  }

  async function version(name: string, time = 2000, extra: Partial<CreateModelVersionInput> = {}) {
    return store.createModelVersion(versionInput(name, extra), at(time));
  }

  describe('registered models', () => {
    it('creates a model with tags and reads it back', async () => {
      const created = await model('churn', 1000, [
        { key: 'team', value: 'growth' },
        { key: 'area', value: 'retention' },
        { key: 'team', value: 'ml' },
      ]);
      const expected = {
        name: 'churn',
        creationTimestamp: 1000,
        lastUpdatedTimestamp: 1000,
        userId: 'alice',
        description: 'about churn',
        latestVersions: [],
        // Repeated keys: the last value wins; tags come back sorted by key.
        tags: [
          { key: 'area', value: 'retention' },
          { key: 'team', value: 'ml' },
        ],
        aliases: [],
      };
      expect(created).toEqual(expected);
      expect(await store.getRegisteredModel('churn')).toEqual(expected);
      expect(await store.getRegisteredModel('Churn')).toBeUndefined();
      expect(await store.getRegisteredModel('missing')).toBeUndefined();
      expect(brief(await history('churn'))).toEqual([
        ['model_created', undefined, undefined, undefined],
      ]);
    });

    it('rejects a duplicate name with ALREADY_EXISTS and records nothing', async () => {
      await model('churn');
      await expectError(model('churn', 5000), 'ALREADY_EXISTS', 'churn');
      expect(await history('churn')).toHaveLength(1);
      expect((await store.getRegisteredModel('churn'))?.creationTimestamp).toBe(1000);
    });

    it('updates the description and records old and new', async () => {
      await model('churn');
      const updated = await store.updateRegisteredModel('churn', 'v2 text', at(3000, 'bob'));
      expect(updated.description).toBe('v2 text');
      expect(updated.lastUpdatedTimestamp).toBe(3000);
      expect(updated.creationTimestamp).toBe(1000);
      const events = await history('churn');
      expect(events[1]).toMatchObject({
        action: 'model_description_updated',
        from: 'about churn',
        to: 'v2 text',
        actor: 'bob',
        time: 3000,
        modelName: 'churn',
      });
      await expectError(store.updateRegisteredModel('nope', 'x', at(1)), 'NOT_FOUND', 'name=nope');
      expect(await history('nope')).toEqual([]);
    });

    it('renames a model carrying versions, tags, aliases and history along', async () => {
      await model('old', 1000, [{ key: 'team', value: 'ml' }]);
      await version('old', 2000);
      await version('old', 2100, { tags: [{ key: 'k', value: 'v' }] });
      await store.setAlias('old', 'champion', '2', at(2200));

      const renamed = await store.renameRegisteredModel('old', 'new', at(3000));
      expect(renamed.name).toBe('new');
      expect(renamed.tags).toEqual([{ key: 'team', value: 'ml' }]);
      expect(renamed.aliases).toEqual([{ alias: 'champion', version: '2' }]);
      expect(renamed.lastUpdatedTimestamp).toBe(3000);
      expect(renamed.latestVersions.map((v) => [v.name, v.version])).toEqual([['new', '2']]);

      expect(await store.getRegisteredModel('old')).toBeUndefined();
      expect(await store.getModelVersion('old', '1')).toBeUndefined();
      const v2 = await store.getModelVersion('new', '2');
      expect(v2).toMatchObject({
        name: 'new',
        version: '2',
        tags: [{ key: 'k', value: 'v' }],
        aliases: ['champion'],
        lastUpdatedTimestamp: 3000,
      });
      expect((await store.getVersionByAlias('new', 'champion'))?.version).toBe('2');
      // Numbering continues from the model's counter after the rename.
      expect((await version('new', 4000)).version).toBe('3');

      expect(brief(await history('new'))).toEqual([
        ['model_created', undefined, undefined, undefined],
        ['version_created', '1', undefined, 's3://bucket/old/model'],
        ['version_created', '2', undefined, 's3://bucket/old/model'],
        ['alias_set', '2', undefined, 'champion=2'],
        ['model_renamed', undefined, 'old', 'new'],
        ['version_created', '3', undefined, 's3://bucket/new/model'],
      ]);
      expect(await history('old')).toEqual([]);
    });

    it('refuses to rename onto an existing name or from an unknown one, changing nothing', async () => {
      await model('a');
      await model('b', 1100);
      await expectError(store.renameRegisteredModel('a', 'b', at(5000)), 'ALREADY_EXISTS', 'b');
      await expectError(store.renameRegisteredModel('zz', 'c', at(5000)), 'NOT_FOUND', 'zz');
      expect((await store.getRegisteredModel('a'))?.lastUpdatedTimestamp).toBe(1000);
      expect(await store.getRegisteredModel('c')).toBeUndefined();
      expect(brief(await history('a'))).toEqual([
        ['model_created', undefined, undefined, undefined],
      ]);
      expect(brief(await history('b'))).toEqual([
        ['model_created', undefined, undefined, undefined],
      ]);
    });

    it('deletes a model with its versions, tags and aliases but keeps its history', async () => {
      await model('m', 1000, [{ key: 't', value: '1' }]);
      await version('m', 2000, { tags: [{ key: 'vt', value: 'x' }] });
      await store.setAlias('m', 'prod', '1', at(2100));
      await store.deleteRegisteredModel('m', at(3000, 'carol'));

      expect(await store.getRegisteredModel('m')).toBeUndefined();
      expect(await store.getModelVersion('m', '1')).toBeUndefined();
      expect(await store.getVersionByAlias('m', 'prod')).toBeUndefined();
      const counts = await Promise.all(
        [
          'registered_models',
          'registered_model_tags',
          'model_versions',
          'model_version_tags',
          'registered_model_aliases',
        ].map(async (table) => {
          const row = await database.db
            .selectFrom(table as 'registered_models')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow();
          return Number(row.n);
        }),
      );
      expect(counts).toEqual([0, 0, 0, 0, 0]);

      const events = await history('m');
      expect(brief(events).map((e) => e[0])).toEqual([
        'model_created',
        'version_created',
        'alias_set',
        'model_deleted',
      ]);
      expect(events[3]).toMatchObject({ actor: 'carol', time: 3000 });
      await expectError(store.deleteRegisteredModel('m', at(4000)), 'NOT_FOUND', 'name=m');
      expect(await history('m')).toHaveLength(4);

      // The name is free again and the new model numbers its versions from 1.
      await model('m', 5000);
      expect((await version('m', 5100)).version).toBe('1');
    });

    it('sets, overwrites and deletes model tags with history', async () => {
      await model('m');
      await store.setRegisteredModelTag('m', { key: 'env', value: 'dev' }, at(2000));
      await store.setRegisteredModelTag('m', { key: 'env', value: 'prod' }, at(2100));
      await store.setRegisteredModelTag('m', { key: 'owner', value: 'x' }, at(2200));
      expect((await store.getRegisteredModel('m'))?.tags).toEqual([
        { key: 'env', value: 'prod' },
        { key: 'owner', value: 'x' },
      ]);
      await store.deleteRegisteredModelTag('m', 'env', at(2300));
      // Deleting an unset key is a no-op, as in MLflow, and records nothing.
      await store.deleteRegisteredModelTag('m', 'never-set', at(2400));
      expect((await store.getRegisteredModel('m'))?.tags).toEqual([{ key: 'owner', value: 'x' }]);
      expect(brief(await history('m')).slice(1)).toEqual([
        ['model_tag_set', undefined, undefined, 'env=dev'],
        ['model_tag_set', undefined, 'env=dev', 'env=prod'],
        ['model_tag_set', undefined, undefined, 'owner=x'],
        ['model_tag_deleted', undefined, 'env=prod', undefined],
      ]);
      await expectError(
        store.setRegisteredModelTag('ghost', { key: 'a', value: 'b' }, at(1)),
        'NOT_FOUND',
        'ghost',
      );
      await expectError(store.deleteRegisteredModelTag('ghost', 'a', at(1)), 'NOT_FOUND', 'ghost');
    });
  });

  describe('model versions', () => {
    it('creates numbered versions with all fields and bumps the model timestamp', async () => {
      await model('m');
      const v1 = await store.createModelVersion(
        {
          name: 'm',
          source: 'runs:/abc123/model',
          runId: 'abc123',
          runLink: 'http://x/runs/abc123',
          description: 'first',
          tags: [{ key: 'stage', value: 'candidate' }],
          status: 'PENDING_REGISTRATION',
        },
        at(2000, 'dave'),
      );
      expect(v1).toEqual({
        name: 'm',
        version: '1',
        creationTimestamp: 2000,
        lastUpdatedTimestamp: 2000,
        userId: 'dave',
        currentStage: 'None',
        description: 'first',
        source: 'runs:/abc123/model',
        runId: 'abc123',
        runLink: 'http://x/runs/abc123',
        status: 'PENDING_REGISTRATION',
        statusMessage: '',
        tags: [{ key: 'stage', value: 'candidate' }],
        aliases: [],
      });
      expect(await store.getModelVersion('m', '1')).toEqual(v1);
      expect((await version('m', 2500)).version).toBe('2');
      expect((await store.getRegisteredModel('m'))?.lastUpdatedTimestamp).toBe(2500);
      expect(await store.getModelVersion('m', '3')).toBeUndefined();
      expect(await store.getModelVersion('m', 'abc')).toBeUndefined();
      expect(await store.getModelVersion('m', '99999999999')).toBeUndefined();
      await expectError(version('nope'), 'NOT_FOUND', 'name=nope');
      expect(await history('nope')).toEqual([]);
    });

    it('allocates 1..20 exactly once under 20 concurrent creates', async () => {
      await model('busy');
      const created = await Promise.all(
        Array.from({ length: 20 }, (_, i) => version('busy', 3000 + i)),
      );
      const numbers = created.map((v) => Number(v.version)).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      const page = await store.searchModelVersions({
        filter: [attr('name', '=', 'busy')],
        orderBy: [order('version', true)],
        limit: 100,
        offset: 0,
      });
      expect(page.items.map((v) => v.version)).toEqual(numbers.map(String));
      const events = (await history('busy')).filter((e) => e.action === 'version_created');
      expect(events.map((e) => Number(e.version)).sort((a, b) => a - b)).toEqual(numbers);
    });

    it('never reuses a deleted version number', async () => {
      await model('m');
      await version('m');
      await version('m');
      await version('m');
      await store.deleteModelVersion('m', '3', at(4000));
      await store.deleteModelVersion('m', '2', at(4100));
      expect((await version('m', 5000)).version).toBe('4');
      expect(await store.getModelVersion('m', '3')).toBeUndefined();
      const all = await store.searchModelVersions({
        filter: [attr('name', '=', 'm')],
        orderBy: [order('version', true)],
        limit: 10,
        offset: 0,
      });
      expect(all.items.map((v) => v.version)).toEqual(['1', '4']);
    });

    it('updates description and status with one event each', async () => {
      await model('m');
      await version('m', 2000, { description: 'old' });
      const updated = await store.updateModelVersion(
        'm',
        '1',
        { description: 'new', status: 'FAILED_REGISTRATION', statusMessage: 'copy failed' },
        at(3000),
      );
      expect(updated).toMatchObject({
        description: 'new',
        status: 'FAILED_REGISTRATION',
        statusMessage: 'copy failed',
        lastUpdatedTimestamp: 3000,
        creationTimestamp: 2000,
      });
      await store.updateModelVersion('m', '1', { description: 'newer' }, at(3100));
      expect((await store.getModelVersion('m', '1'))?.status).toBe('FAILED_REGISTRATION');
      expect(brief(await history('m')).slice(2)).toEqual([
        ['version_updated', '1', 'old', 'new'],
        ['version_status_changed', '1', 'READY', 'FAILED_REGISTRATION'],
        ['version_updated', '1', 'new', 'newer'],
      ]);
      await expectError(
        store.updateModelVersion('m', '7', { description: 'x' }, at(1)),
        'NOT_FOUND',
        'name=m',
        'version=7',
      );
      await expectError(
        store.updateModelVersion('ghost', '1', { description: 'x' }, at(1)),
        'NOT_FOUND',
        'ghost',
      );
      expect(await history('m')).toHaveLength(5);
    });

    it('deletes a version with its tags and aliases, recording each', async () => {
      await model('m');
      await version('m', 2000, { tags: [{ key: 'a', value: '1' }] });
      await version('m', 2100);
      await store.setAlias('m', 'champion', '1', at(2200));
      await store.setAlias('m', 'backup', '1', at(2300));
      await store.setAlias('m', 'other', '2', at(2400));
      await store.deleteModelVersion('m', '1', at(3000));

      expect(await store.getModelVersion('m', '1')).toBeUndefined();
      expect(await store.getVersionByAlias('m', 'champion')).toBeUndefined();
      const m = await store.getRegisteredModel('m');
      expect(m?.aliases).toEqual([{ alias: 'other', version: '2' }]);
      expect(m?.lastUpdatedTimestamp).toBe(3000);
      const tagRows = await database.db.selectFrom('model_version_tags').selectAll().execute();
      expect(tagRows).toEqual([]);
      expect(brief(await history('m')).slice(-3)).toEqual([
        ['alias_deleted', '1', 'backup=1', undefined],
        ['alias_deleted', '1', 'champion=1', undefined],
        ['version_deleted', '1', 'None', undefined],
      ]);
      await expectError(store.deleteModelVersion('m', '1', at(1)), 'NOT_FOUND', 'version=1');
      await expectError(store.deleteModelVersion('ghost', '1', at(1)), 'NOT_FOUND', 'ghost');
    });

    it('sets and deletes version tags', async () => {
      await model('m');
      await version('m');
      await store.setModelVersionTag('m', '1', { key: 'b', value: '2' }, at(3000));
      await store.setModelVersionTag('m', '1', { key: 'a', value: '1' }, at(3100));
      await store.setModelVersionTag('m', '1', { key: 'b', value: '3' }, at(3200));
      expect((await store.getModelVersion('m', '1'))?.tags).toEqual([
        { key: 'a', value: '1' },
        { key: 'b', value: '3' },
      ]);
      await store.deleteModelVersionTag('m', '1', 'a', at(3300));
      await store.deleteModelVersionTag('m', '1', 'unset', at(3400));
      expect((await store.getModelVersion('m', '1'))?.tags).toEqual([{ key: 'b', value: '3' }]);
      expect(brief(await history('m')).slice(2)).toEqual([
        ['version_tag_set', '1', undefined, 'b=2'],
        ['version_tag_set', '1', undefined, 'a=1'],
        ['version_tag_set', '1', 'b=2', 'b=3'],
        ['version_tag_deleted', '1', 'a=1', undefined],
      ]);
      await expectError(
        store.setModelVersionTag('m', '2', { key: 'x', value: 'y' }, at(1)),
        'NOT_FOUND',
        'version=2',
      );
      await expectError(
        store.deleteModelVersionTag('m', '2', 'x', at(1)),
        'NOT_FOUND',
        'version=2',
      );
    });
  });

  describe('stages', () => {
    async function stages(name: string) {
      const page = await store.searchModelVersions({
        filter: [attr('name', '=', name)],
        orderBy: [order('version', true)],
        limit: 100,
        offset: 0,
      });
      return page.items.map((v) => [v.version, v.currentStage]);
    }

    it('transitions a version and, with archiveExisting, archives the other holders', async () => {
      await model('m');
      for (let i = 0; i < 4; i++) await version('m', 2000 + i);
      await store.transitionModelVersionStage('m', '1', 'Production', false, at(3000));
      await store.transitionModelVersionStage('m', '2', 'Production', false, at(3100));
      await store.transitionModelVersionStage('m', '3', 'Staging', false, at(3200));
      expect(await stages('m')).toEqual([
        ['1', 'Production'],
        ['2', 'Production'],
        ['3', 'Staging'],
        ['4', 'None'],
      ]);

      const promoted = await store.transitionModelVersionStage(
        'm',
        '4',
        'Production',
        true,
        at(4000),
      );
      expect(promoted).toMatchObject({ currentStage: 'Production', lastUpdatedTimestamp: 4000 });
      expect(await stages('m')).toEqual([
        ['1', 'Archived'],
        ['2', 'Archived'],
        ['3', 'Staging'],
        ['4', 'Production'],
      ]);
      expect((await store.getModelVersion('m', '1'))?.lastUpdatedTimestamp).toBe(4000);
      expect((await store.getModelVersion('m', '3'))?.lastUpdatedTimestamp).toBe(3200);
      expect((await store.getRegisteredModel('m'))?.lastUpdatedTimestamp).toBe(4000);
      expect(brief(await history('m')).slice(-3)).toEqual([
        ['stage_transitioned', '4', 'None', 'Production'],
        ['stage_transitioned', '1', 'Production', 'Archived'],
        ['stage_transitioned', '2', 'Production', 'Archived'],
      ]);
    });

    it('rejects archiveExisting outside Staging/Production and unknown versions, recording nothing', async () => {
      await model('m');
      await version('m');
      const before = (await history('m')).length;
      await expectError(
        store.transitionModelVersionStage('m', '1', 'Archived', true, at(1)),
        'INVALID_ARGUMENT',
        'Archived',
      );
      await expectError(
        store.transitionModelVersionStage('m', '9', 'Staging', false, at(1)),
        'NOT_FOUND',
        'version=9',
      );
      expect(await history('m')).toHaveLength(before);
      expect(await stages('m')).toEqual([['1', 'None']]);
    });

    it('reports the latest version per stage', async () => {
      await model('m');
      for (let i = 0; i < 6; i++) await version('m', 2000 + i);
      // Stages: 1 Production, 2 Staging, 3 Production, 4 Archived, 5 None, 6 Staging.
      await store.transitionModelVersionStage('m', '1', 'Production', false, at(3000));
      await store.transitionModelVersionStage('m', '2', 'Staging', false, at(3000));
      await store.transitionModelVersionStage('m', '3', 'Production', false, at(3000));
      await store.transitionModelVersionStage('m', '4', 'Archived', false, at(3000));
      await store.transitionModelVersionStage('m', '6', 'Staging', false, at(3000));
      await store.setAlias('m', 'live', '3', at(3100));

      const all = await store.getLatestVersions('m', []);
      expect(all.map((v) => [v.currentStage, v.version])).toEqual([
        ['None', '5'],
        ['Staging', '6'],
        ['Production', '3'],
        ['Archived', '4'],
      ]);
      expect(all.find((v) => v.version === '3')?.aliases).toEqual(['live']);
      const some = await store.getLatestVersions('m', ['Production', 'Staging']);
      expect(some.map((v) => v.version)).toEqual(['6', '3']);
      expect(await store.getLatestVersions('m', ['Archived'])).toHaveLength(1);

      const registered = await store.getRegisteredModel('m');
      expect(registered?.latestVersions.map((v) => v.version)).toEqual(['5', '6', '3', '4']);

      await expectError(store.getLatestVersions('ghost', []), 'NOT_FOUND', 'ghost');
    });
  });

  describe('aliases', () => {
    it('sets, moves, resolves and deletes aliases', async () => {
      await model('m');
      await version('m');
      await version('m');
      await store.setAlias('m', 'champion', '1', at(3000));
      expect((await store.getModelVersion('m', '1'))?.aliases).toEqual(['champion']);
      await store.setAlias('m', 'champion', '2', at(3100));
      await store.setAlias('m', 'baseline', '2', at(3200));
      expect((await store.getModelVersion('m', '1'))?.aliases).toEqual([]);
      expect((await store.getModelVersion('m', '2'))?.aliases).toEqual(['baseline', 'champion']);
      expect((await store.getVersionByAlias('m', 'champion'))?.version).toBe('2');
      expect((await store.getRegisteredModel('m'))?.aliases).toEqual([
        { alias: 'baseline', version: '2' },
        { alias: 'champion', version: '2' },
      ]);
      await store.deleteAlias('m', 'champion', at(3300));
      expect(await store.getVersionByAlias('m', 'champion')).toBeUndefined();
      expect(await store.getVersionByAlias('ghost', 'champion')).toBeUndefined();
      expect(brief(await history('m')).slice(3)).toEqual([
        ['alias_set', '1', undefined, 'champion=1'],
        ['alias_set', '2', 'champion=1', 'champion=2'],
        ['alias_set', '2', undefined, 'baseline=2'],
        ['alias_deleted', '2', 'champion=2', undefined],
      ]);
    });

    it('never stores an alias for a missing version and reports unknown aliases', async () => {
      await model('m');
      await version('m');
      const before = (await history('m')).length;
      await expectError(store.setAlias('m', 'a', '5', at(1)), 'NOT_FOUND', 'version=5');
      await expectError(store.setAlias('ghost', 'a', '1', at(1)), 'NOT_FOUND', 'ghost');
      await expectError(store.deleteAlias('m', 'nothing', at(1)), 'NOT_FOUND', 'nothing');
      await expectError(store.deleteAlias('ghost', 'a', at(1)), 'NOT_FOUND', 'ghost');
      expect((await store.getRegisteredModel('m'))?.aliases).toEqual([]);
      expect(await history('m')).toHaveLength(before);
    });
  });

  describe('history', () => {
    it('rolls the change back when its history event cannot be written', async () => {
      await model('m', 1000, [{ key: 't', value: '1' }]);
      for (let i = 0; i < 3; i++) await version('m', 2000 + i);
      await store.transitionModelVersionStage('m', '1', 'Production', false, at(3000));
      await store.setAlias('m', 'live', '1', at(3100));
      const before = {
        model: await store.getRegisteredModel('m'),
        versions: await Promise.all(['1', '2', '3'].map((v) => store.getModelVersion('m', v))),
        events: await history('m'),
      };
      await rejectHistoryFrom(database, 'mallory');
      const mallory = at(9000, 'mallory');

      // One at a time: each must fail on its own, not while queued behind another.
      const attempts: (() => Promise<unknown>)[] = [
        () => store.transitionModelVersionStage('m', '2', 'Production', true, mallory),
        () => store.createModelVersion(versionInput('m'), mallory),
        () => store.deleteModelVersion('m', '1', mallory),
        () => store.deleteRegisteredModel('m', mallory),
        () => store.renameRegisteredModel('m', 'm2', mallory),
        () => store.updateRegisteredModel('m', 'changed', mallory),
        () => store.setRegisteredModelTag('m', { key: 't', value: '2' }, mallory),
        () => store.setAlias('m', 'live', '3', mallory),
        () => store.deleteAlias('m', 'live', mallory),
        () => store.updateModelVersion('m', '3', { description: 'changed' }, mallory),
        () => store.createRegisteredModel({ name: 'other', description: '', tags: [] }, mallory),
      ];
      for (const attempt of attempts) {
        await expect(attempt()).rejects.toThrow(/history rejected/u);
      }

      expect(await store.getRegisteredModel('m')).toEqual(before.model);
      expect(
        await Promise.all(['1', '2', '3', '4'].map((v) => store.getModelVersion('m', v))),
      ).toEqual([...before.versions, undefined]);
      expect(await store.getRegisteredModel('m2')).toBeUndefined();
      expect(await store.getRegisteredModel('other')).toBeUndefined();
      expect(await history('m')).toEqual(before.events);
      // The failed create did not consume a number either.
      expect((await version('m', 9100)).version).toBe('4');
    });

    it('serialises concurrent promotions so exactly one version ends in Production', async () => {
      await model('m');
      for (let i = 0; i < 6; i++) await version('m', 2000 + i);
      await Promise.all(
        ['1', '2', '3', '4', '5', '6'].map((v, i) =>
          store.transitionModelVersionStage('m', v, 'Production', true, at(3000 + i)),
        ),
      );
      const page = await store.searchModelVersions({
        filter: [attr('name', '=', 'm')],
        orderBy: [order('version', true)],
        limit: 10,
        offset: 0,
      });
      const stages = page.items.map((v) => v.currentStage);
      expect(stages.filter((s) => s === 'Production')).toHaveLength(1);
      expect(stages.filter((s) => s === 'Archived')).toHaveLength(5);
    });

    it('pages oldest first with nextOffset', async () => {
      await model('m', 1000);
      for (let i = 1; i <= 4; i++) {
        await store.setRegisteredModelTag('m', { key: 'k', value: String(i) }, at(1000 + i));
      }
      const first = await store.listHistory('m', { offset: 0, limit: 2 });
      expect(first.items.map((e) => e.time)).toEqual([1000, 1001]);
      expect(first.nextOffset).toBe(2);
      const second = await store.listHistory('m', { offset: 2, limit: 2 });
      expect(second.items.map((e) => e.time)).toEqual([1002, 1003]);
      expect(second.nextOffset).toBe(4);
      const last = await store.listHistory('m', { offset: 4, limit: 2 });
      expect(last.items.map((e) => e.time)).toEqual([1004]);
      expect(last.nextOffset).toBeUndefined();
      const ids = [...first.items, ...second.items, ...last.items].map((e) => e.id);
      expect([...ids].sort((a, b) => a - b)).toEqual(ids);
      expect(new Set(ids).size).toBe(5);
      expect(await store.listHistory('nothing', { offset: 0, limit: 5 })).toEqual({ items: [] });
    });
  });

  describe('search registered models', () => {
    beforeEach(async () => {
      await model('Alpha', 1000, [{ key: 'team', value: 'Growth' }]);
      await model('alpha_2', 1001, [{ key: 'team', value: 'growth' }]);
      await model('beta', 1002, [
        { key: 'team', value: 'core' },
        { key: 'tier', value: '1' },
      ]);
      await model('gamma%', 1003);
      await model('Beta-x', 1004);
    });

    async function names(
      filter: Parameters<typeof attr>[] = [],
      tags: Parameters<typeof tag>[] = [],
      orderBy = [] as ReturnType<typeof order>[],
    ) {
      const page = await store.searchRegisteredModels({
        filter: [...filter.map((f) => attr(...f)), ...tags.map((t) => tag(...t))],
        orderBy,
        limit: 100,
        offset: 0,
      });
      return page.items.map((m) => m.name);
    }

    it('orders by name ascending (byte order) by default', async () => {
      expect(await names()).toEqual(['Alpha', 'Beta-x', 'alpha_2', 'beta', 'gamma%']);
    });

    it('filters names with =, != and case-sensitive LIKE', async () => {
      expect(await names([['name', '=', 'beta']])).toEqual(['beta']);
      expect(await names([['name', '!=', 'beta']])).toEqual([
        'Alpha',
        'Beta-x',
        'alpha_2',
        'gamma%',
      ]);
      expect(await names([['name', 'LIKE', 'alpha%']])).toEqual(['alpha_2']);
      expect(await names([['name', 'LIKE', '%eta%']])).toEqual(['Beta-x', 'beta']);
      expect(await names([['name', 'LIKE', 'B%']])).toEqual(['Beta-x']);
      expect(await names([['name', 'LIKE', '_eta']])).toEqual(['beta']);
      // Backslash escapes the wildcard: only the literal `%` and `_` match.
      expect(await names([['name', 'LIKE', '%\\%']])).toEqual(['gamma%']);
      expect(await names([['name', 'LIKE', '%\\_%']])).toEqual(['alpha_2']);
    });

    it('filters names with case-insensitive ILIKE', async () => {
      expect(await names([['name', 'ILIKE', 'ALPHA%']])).toEqual(['Alpha', 'alpha_2']);
      expect(await names([['name', 'ILIKE', 'beta']])).toEqual(['beta']);
      expect(await names([['name', 'ILIKE', 'b%']])).toEqual(['Beta-x', 'beta']);
    });

    it('filters by tags and combines clauses with AND', async () => {
      expect(await names([], [['team', '=', 'growth']])).toEqual(['alpha_2']);
      expect(await names([], [['team', 'ILIKE', 'growth']])).toEqual(['Alpha', 'alpha_2']);
      expect(await names([], [['team', 'LIKE', 'G%']])).toEqual(['Alpha']);
      // `!=` matches models that have the tag with another value, not models without the tag.
      expect(await names([], [['team', '!=', 'core']])).toEqual(['Alpha', 'alpha_2']);
      expect(
        await names(
          [],
          [
            ['team', '=', 'core'],
            ['tier', '=', '1'],
          ],
        ),
      ).toEqual(['beta']);
      expect(await names([['name', 'ILIKE', 'a%']], [['team', '=', 'Growth']])).toEqual(['Alpha']);
      expect(await names([], [['missing', '=', 'x']])).toEqual([]);
    });

    it('orders by timestamps and name and pages with nextOffset', async () => {
      expect(await names([], [], [order('creation_timestamp', false)])).toEqual([
        'Beta-x',
        'gamma%',
        'beta',
        'alpha_2',
        'Alpha',
      ]);
      expect(await names([], [], [order('name', false)])).toEqual([
        'gamma%',
        'beta',
        'alpha_2',
        'Beta-x',
        'Alpha',
      ]);
      await store.updateRegisteredModel('beta', 'x', at(9000));
      await store.updateRegisteredModel('Alpha', 'x', at(9000));
      // Ties on the timestamp fall back to name ascending.
      expect(await names([], [], [order('last_updated_timestamp', false)])).toEqual([
        'Alpha',
        'beta',
        'Beta-x',
        'gamma%',
        'alpha_2',
      ]);

      const seen: string[] = [];
      let offset: number | undefined = 0;
      const offsets: number[] = [];
      while (offset !== undefined) {
        offsets.push(offset);
        const page = await store.searchRegisteredModels({
          filter: [],
          orderBy: [],
          limit: 2,
          offset,
        });
        seen.push(...page.items.map((m) => m.name));
        offset = page.nextOffset;
      }
      expect(offsets).toEqual([0, 2, 4]);
      expect(seen).toEqual(['Alpha', 'Beta-x', 'alpha_2', 'beta', 'gamma%']);
    });

    it('returns full models (tags, aliases, latest versions) in results', async () => {
      await version('beta', 2000);
      await store.setAlias('beta', 'live', '1', at(2100));
      const page = await store.searchRegisteredModels({
        filter: [attr('name', '=', 'beta')],
        orderBy: [],
        limit: 10,
        offset: 0,
      });
      expect(page.items).toHaveLength(1);
      expect(page.items[0]).toMatchObject({
        tags: [
          { key: 'team', value: 'core' },
          { key: 'tier', value: '1' },
        ],
        aliases: [{ alias: 'live', version: '1' }],
      });
      expect(page.items[0]?.latestVersions.map((v) => [v.version, v.aliases])).toEqual([
        ['1', ['live']],
      ]);
    });

    it('rejects unknown attributes and unsupported comparators', async () => {
      await expectError(names([['flavor', '=', 'x']]), 'INVALID_ARGUMENT', 'flavor');
      await expectError(names([['name', '>', 'x']]), 'INVALID_ARGUMENT', '>');
      await expectError(names([], [], [order('flavor', true)]), 'INVALID_ARGUMENT', 'flavor');
    });
  });

  describe('search model versions', () => {
    beforeEach(async () => {
      await model('Fraud');
      await model('fraud-lite');
      // Fraud 1..3 (runs r1, r2, r3), fraud-lite 1..2 (runs r2, r4)
      await version('Fraud', 100, { runId: 'r1', source: 's3://b/Fraud/1' });
      await version('Fraud', 200, {
        runId: 'r2',
        source: 's3://b/Fraud/2',
        tags: [{ key: 'quality', value: 'Gold' }],
      });
      await version('Fraud', 300, { runId: 'r3', source: 'file:///m/Fraud/3' });
      await version('fraud-lite', 150, {
        runId: 'r2',
        source: 's3://b/lite/1',
        tags: [{ key: 'quality', value: 'gold' }],
      });
      await version('fraud-lite', 250, { runId: 'r4', source: 's3://b/lite/2' });
    });

    async function keys(
      clauses: ReturnType<typeof attr>[],
      orderBy: ReturnType<typeof order>[] = [],
    ) {
      const page = await store.searchModelVersions({
        filter: clauses,
        orderBy,
        limit: 100,
        offset: 0,
      });
      return page.items.map((v) => `${v.name}/${v.version}`);
    }

    it('orders by last update descending by default', async () => {
      expect(await keys([])).toEqual([
        'Fraud/3',
        'fraud-lite/2',
        'Fraud/2',
        'fraud-lite/1',
        'Fraud/1',
      ]);
    });

    it('filters by model name, version, run id and source', async () => {
      expect(await keys([attr('name', '=', 'Fraud')], [order('version', true)])).toEqual([
        'Fraud/1',
        'Fraud/2',
        'Fraud/3',
      ]);
      expect(await keys([attr('name', 'ILIKE', 'fraud')], [order('version', true)])).toEqual([
        'Fraud/1',
        'Fraud/2',
        'Fraud/3',
      ]);
      expect(await keys([attr('name', 'LIKE', 'f%')])).toEqual(['fraud-lite/2', 'fraud-lite/1']);
      expect(await keys([attr('version', '>=', 2)], [order('name', true)])).toEqual([
        'Fraud/3',
        'Fraud/2',
        'fraud-lite/2',
      ]);
      expect(await keys([attr('name', '=', 'Fraud'), attr('version', '!=', 2)])).toEqual([
        'Fraud/3',
        'Fraud/1',
      ]);
      expect(await keys([attr('run_id', '=', 'r2')], [order('name', true)])).toEqual([
        'Fraud/2',
        'fraud-lite/1',
      ]);
      expect(await keys([attr('run_id', 'IN', ['r1', 'r4', 'zz'])], [order('name', true)])).toEqual(
        ['Fraud/1', 'fraud-lite/2'],
      );
      expect(await keys([attr('run_id', 'NOT IN', ['r1', 'r2'])], [order('name', true)])).toEqual([
        'Fraud/3',
        'fraud-lite/2',
      ]);
      expect(await keys([attr('run_id', 'IN', [])])).toEqual([]);
      expect(await keys([attr('run_id', '!=', 'r2')], [order('name', false)])).toEqual([
        'fraud-lite/2',
        'Fraud/3',
        'Fraud/1',
      ]);
      expect(await keys([attr('source', 'LIKE', 's3://b/Fraud/%')])).toEqual([
        'Fraud/2',
        'Fraud/1',
      ]);
      expect(await keys([attr('source', 'ILIKE', '%/LITE/%')])).toEqual([
        'fraud-lite/2',
        'fraud-lite/1',
      ]);
      expect(await keys([attr('version', 'IN', ['1', '3'])], [order('name', true)])).toEqual([
        'Fraud/3',
        'Fraud/1',
        'fraud-lite/1',
      ]);
    });

    it('filters by stage, timestamps and tags', async () => {
      await store.transitionModelVersionStage('Fraud', '2', 'Production', false, at(400));
      expect(await keys([attr('current_stage', '=', 'Production')])).toEqual(['Fraud/2']);
      expect(await keys([attr('creation_timestamp', '<', 200)])).toEqual([
        'fraud-lite/1',
        'Fraud/1',
      ]);
      expect(await keys([tag('quality', '=', 'gold')])).toEqual(['fraud-lite/1']);
      expect(await keys([tag('quality', 'ILIKE', 'GOLD')])).toEqual(['Fraud/2', 'fraud-lite/1']);
      expect(await keys([tag('quality', 'LIKE', 'G%')])).toEqual(['Fraud/2']);
    });

    it('orders with a stable tie-break and pages without gaps or repeats', async () => {
      expect(await keys([], [order('creation_timestamp', true)])).toEqual([
        'Fraud/1',
        'fraud-lite/1',
        'Fraud/2',
        'fraud-lite/2',
        'Fraud/3',
      ]);
      expect(await keys([], [order('name', false), order('version', true)])).toEqual([
        'fraud-lite/1',
        'fraud-lite/2',
        'Fraud/1',
        'Fraud/2',
        'Fraud/3',
      ]);
      const expected = ['Fraud/3', 'Fraud/2', 'Fraud/1', 'fraud-lite/2', 'fraud-lite/1'];
      const seen: string[] = [];
      const offsets: number[] = [];
      let offset: number | undefined = 0;
      while (offset !== undefined) {
        offsets.push(offset);
        const page = await store.searchModelVersions({
          filter: [],
          orderBy: [order('name', true)],
          limit: 2,
          offset,
        });
        seen.push(...page.items.map((v) => `${v.name}/${v.version}`));
        offset = page.nextOffset;
      }
      expect(seen).toEqual(expected);
      expect(offsets).toEqual([0, 2, 4]);
      const exact = await store.searchModelVersions({
        filter: [],
        orderBy: [],
        limit: 5,
        offset: 0,
      });
      expect(exact.nextOffset).toBeUndefined();
    });

    it('returns tags and aliases on each version', async () => {
      await store.setAlias('Fraud', 'champion', '2', at(500));
      const page = await store.searchModelVersions({
        filter: [attr('run_id', '=', 'r2')],
        orderBy: [order('name', true)],
        limit: 10,
        offset: 0,
      });
      expect(page.items.map((v) => [v.tags, v.aliases])).toEqual([
        [[{ key: 'quality', value: 'Gold' }], ['champion']],
        [[{ key: 'quality', value: 'gold' }], []],
      ]);
    });

    it('rejects unknown attributes and wrong value kinds', async () => {
      await expectError(keys([attr('flavor', '=', 'x')]), 'INVALID_ARGUMENT', 'flavor');
      await expectError(keys([attr('version', '=', 'abc')]), 'INVALID_ARGUMENT', 'version');
      await expectError(keys([attr('version', 'LIKE', '1%')]), 'INVALID_ARGUMENT', 'LIKE');
    });
  });
});
