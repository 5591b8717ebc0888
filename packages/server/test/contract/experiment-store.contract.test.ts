import { describe, expect, it } from 'vitest';
import type { Experiment, ExperimentSearchQuery, FilterClause } from '@slipway/core';
import { SQL_BACKENDS } from '../support/sql-backends.js';
import {
  ARTIFACT_ROOT,
  expectSlipwayError,
  newExperiment,
  newRun,
  useTrackingEnv,
  type TrackingEnv,
} from './tracking-fixtures.js';

function query(overrides: Partial<ExperimentSearchQuery> = {}): ExperimentSearchQuery {
  return { filter: [], orderBy: [], viewType: 'ACTIVE_ONLY', limit: 100, offset: 0, ...overrides };
}

function where(
  type: FilterClause['type'],
  key: string,
  comparator: FilterClause['comparator'],
  value: FilterClause['value'],
): FilterClause {
  return { type, key, comparator, value, position: 0 };
}

const names = (page: { items: Experiment[] }) => page.items.map((e) => e.name);

async function seed(env: TrackingEnv) {
  // Creation times are deliberately not in name order.
  const specs = [
    { name: 'alpha', time: 300, tags: [{ key: 'team', value: 'Vision' }] },
    { name: 'Beta', time: 100, tags: [{ key: 'team', value: 'nlp' }] },
    { name: 'gamma_1', time: 200, tags: [] },
    { name: 'gammaX1', time: 400, tags: [{ key: 'team', value: 'vision' }] },
  ];
  const created: Record<string, Experiment> = {};
  for (const s of specs) {
    created[s.name] = await env.experiments.create({
      name: s.name,
      defaultArtifactRoot: ARTIFACT_ROOT,
      tags: s.tags,
      time: s.time,
    });
  }
  return created;
}

describe.each(SQL_BACKENDS)('ExperimentStore contract ($name)', (backend) => {
  const env = useTrackingEnv(backend);

  describe('ensureDefault', () => {
    it('creates experiment "0" named Default once', async () => {
      await env.experiments.ensureDefault(ARTIFACT_ROOT, 5);
      await env.experiments.ensureDefault(`${ARTIFACT_ROOT}/other`, 9);
      const def = await env.experiments.get('0');
      expect(def).toEqual({
        experimentId: '0',
        name: 'Default',
        artifactLocation: `${ARTIFACT_ROOT}/0`,
        lifecycleStage: 'active',
        creationTime: 5,
        lastUpdateTime: 5,
        tags: [],
      });
      const next = await env.experiments.create({
        name: 'next',
        defaultArtifactRoot: ARTIFACT_ROOT,
        tags: [],
        time: 6,
      });
      expect(next.experimentId).toBe('1');
    });
  });

  describe('create / get / getByName', () => {
    it('allocates decimal string ids and derives the artifact location from the id', async () => {
      const a = await env.experiments.create({
        name: 'a',
        defaultArtifactRoot: 's3://bucket/base/',
        tags: [
          { key: 'k', value: 'v1' },
          { key: 'k', value: 'v2' },
        ],
        time: 10,
      });
      const b = await env.experiments.create({
        name: 'b',
        artifactLocation: 's3://elsewhere/b',
        defaultArtifactRoot: ARTIFACT_ROOT,
        tags: [],
        time: 11,
      });
      expect(a.experimentId).toMatch(/^[1-9]\d*$/);
      expect(Number(b.experimentId)).toBeGreaterThan(Number(a.experimentId));
      expect(a.artifactLocation).toBe(`s3://bucket/base/${a.experimentId}`);
      expect(b.artifactLocation).toBe('s3://elsewhere/b');
      expect(a.tags).toEqual([{ key: 'k', value: 'v2' }]);
      expect(await env.experiments.get(a.experimentId)).toEqual(a);
      expect(await env.experiments.getByName('b')).toEqual(b);
    });

    it('returns undefined for unknown or malformed ids and names', async () => {
      expect(await env.experiments.get('12345')).toBeUndefined();
      expect(await env.experiments.get('abc')).toBeUndefined();
      expect(await env.experiments.get('99999999999999')).toBeUndefined();
      expect(await env.experiments.getByName('nope')).toBeUndefined();
    });

    it('rejects a duplicate name, also of a deleted experiment, with ALREADY_EXISTS', async () => {
      const first = await env.experiments.create({
        name: 'dup',
        defaultArtifactRoot: ARTIFACT_ROOT,
        tags: [],
        time: 1,
      });
      await expectSlipwayError(
        env.experiments.create({
          name: 'dup',
          defaultArtifactRoot: ARTIFACT_ROOT,
          tags: [],
          time: 2,
        }),
        'ALREADY_EXISTS',
        'dup',
      );
      await env.experiments.update(first.experimentId, { lifecycleStage: 'deleted' }, 3);
      await expectSlipwayError(
        env.experiments.create({
          name: 'dup',
          defaultArtifactRoot: ARTIFACT_ROOT,
          tags: [],
          time: 4,
        }),
        'ALREADY_EXISTS',
      );
    });
  });

  describe('update', () => {
    it('renames, changes the lifecycle stage and bumps lastUpdateTime', async () => {
      const e = await env.experiments.create({
        name: 'old',
        defaultArtifactRoot: ARTIFACT_ROOT,
        tags: [{ key: 't', value: '1' }],
        time: 100,
      });
      const renamed = await env.experiments.update(e.experimentId, { name: 'new' }, 150);
      expect(renamed).toEqual({ ...e, name: 'new', lastUpdateTime: 150 });
      const deleted = await env.experiments.update(
        e.experimentId,
        { lifecycleStage: 'deleted' },
        160,
      );
      expect(deleted.lifecycleStage).toBe('deleted');
      expect(deleted.creationTime).toBe(100);
      expect(await env.experiments.getByName('new')).toEqual(deleted);
      expect(await env.experiments.getByName('old')).toBeUndefined();
    });

    it("deletes and restores the experiment's runs with it", async () => {
      const e = await newExperiment(env);
      const live = (await newRun(env, e.experimentId)).info.runId;
      const gone = (await newRun(env, e.experimentId)).info.runId;
      await env.experiments.update(e.experimentId, { lifecycleStage: 'deleted' }, 500);
      expect((await env.runs.getInfo(live))?.lifecycleStage).toBe('deleted');
      expect((await env.runs.getInfo(gone))?.lifecycleStage).toBe('deleted');
      await env.experiments.update(e.experimentId, { lifecycleStage: 'active' }, 600);
      expect((await env.runs.getInfo(live))?.lifecycleStage).toBe('active');
      expect((await env.runs.getInfo(gone))?.lifecycleStage).toBe('active');
      // Runs of other experiments are untouched.
      const other = await newExperiment(env);
      const bystander = (await newRun(env, other.experimentId)).info.runId;
      await env.experiments.update(e.experimentId, { lifecycleStage: 'deleted' }, 700);
      expect((await env.runs.getInfo(bystander))?.lifecycleStage).toBe('active');
    });

    it('reports a rename clash as ALREADY_EXISTS and leaves both unchanged', async () => {
      const a = await env.experiments.create({
        name: 'a',
        defaultArtifactRoot: ARTIFACT_ROOT,
        tags: [],
        time: 1,
      });
      await env.experiments.create({
        name: 'b',
        defaultArtifactRoot: ARTIFACT_ROOT,
        tags: [],
        time: 1,
      });
      await expectSlipwayError(
        env.experiments.update(a.experimentId, { name: 'b' }, 2),
        'ALREADY_EXISTS',
        'b',
      );
      expect(await env.experiments.get(a.experimentId)).toEqual(a);
    });

    it('reports an unknown experiment as NOT_FOUND', async () => {
      await expectSlipwayError(env.experiments.update('424242', { name: 'x' }, 1), 'NOT_FOUND');
      await expectSlipwayError(env.experiments.update('x', { name: 'x' }, 1), 'NOT_FOUND');
    });
  });

  describe('tags', () => {
    it('sets, overwrites and deletes tags, bumping lastUpdateTime', async () => {
      const e = await env.experiments.create({
        name: 'e',
        defaultArtifactRoot: ARTIFACT_ROOT,
        tags: [],
        time: 1,
      });
      await env.experiments.setTag(e.experimentId, { key: 'b', value: '1' }, 2);
      await env.experiments.setTag(e.experimentId, { key: 'a', value: '1' }, 3);
      await env.experiments.setTag(e.experimentId, { key: 'b', value: '2' }, 4);
      let got = await env.experiments.get(e.experimentId);
      expect(got?.tags).toEqual([
        { key: 'a', value: '1' },
        { key: 'b', value: '2' },
      ]);
      expect(got?.lastUpdateTime).toBe(4);
      await env.experiments.deleteTag(e.experimentId, 'a', 5);
      got = await env.experiments.get(e.experimentId);
      expect(got?.tags).toEqual([{ key: 'b', value: '2' }]);
      expect(got?.lastUpdateTime).toBe(5);
    });

    it('reports unknown experiments and tags as NOT_FOUND', async () => {
      const e = await env.experiments.create({
        name: 'e',
        defaultArtifactRoot: ARTIFACT_ROOT,
        tags: [],
        time: 1,
      });
      await expectSlipwayError(
        env.experiments.setTag('777', { key: 'a', value: 'b' }, 2),
        'NOT_FOUND',
      );
      await expectSlipwayError(env.experiments.deleteTag('777', 'a', 2), 'NOT_FOUND');
      await expectSlipwayError(
        env.experiments.deleteTag(e.experimentId, 'missing', 2),
        'NOT_FOUND',
      );
      expect((await env.experiments.get(e.experimentId))?.lastUpdateTime).toBe(1);
    });
  });

  describe('search', () => {
    it('orders by creation_time DESC, experiment_id ASC by default', async () => {
      await seed(env);
      expect(names(await env.experiments.search(query()))).toEqual([
        'gammaX1',
        'alpha',
        'gamma_1',
        'Beta',
      ]);
    });

    it('filters names with =, !=, LIKE (case-sensitive) and ILIKE', async () => {
      await seed(env);
      const run = async (c: FilterClause) =>
        names(
          await env.experiments.search(
            query({ filter: [c], orderBy: [{ type: 'attribute', key: 'name', ascending: true }] }),
          ),
        );
      expect(await run(where('attribute', 'name', '=', 'alpha'))).toEqual(['alpha']);
      expect(await run(where('attribute', 'name', '!=', 'alpha'))).toEqual([
        'Beta',
        'gammaX1',
        'gamma_1',
      ]);
      expect(await run(where('attribute', 'name', 'LIKE', 'b%'))).toEqual([]);
      expect(await run(where('attribute', 'name', 'LIKE', 'B%'))).toEqual(['Beta']);
      expect(await run(where('attribute', 'name', 'ILIKE', 'b%'))).toEqual(['Beta']);
      // `_` is one character; `\_` is a literal underscore.
      expect(await run(where('attribute', 'name', 'LIKE', 'gamma_1'))).toEqual([
        'gammaX1',
        'gamma_1',
      ]);
      expect(await run(where('attribute', 'name', 'LIKE', 'gamma\\_1'))).toEqual(['gamma_1']);
      expect(await run(where('attribute', 'name', 'ILIKE', 'GAMMA%'))).toEqual([
        'gammaX1',
        'gamma_1',
      ]);
    });

    it('filters by tags and times, and by experiment id as a string', async () => {
      const seeded = await seed(env);
      const run = async (...filter: FilterClause[]) =>
        names(
          await env.experiments.search(
            query({ filter, orderBy: [{ type: 'attribute', key: 'name', ascending: true }] }),
          ),
        ).sort();
      expect(await run(where('tag', 'team', '=', 'vision'))).toEqual(['gammaX1']);
      expect(await run(where('tag', 'team', 'ILIKE', 'VISION'))).toEqual(['alpha', 'gammaX1']);
      // Experiments without the tag never match, not even !=.
      expect(await run(where('tag', 'team', '!=', 'nlp'))).toEqual(['alpha', 'gammaX1']);
      expect(await run(where('attribute', 'creation_time', '>', 150))).toEqual([
        'alpha',
        'gammaX1',
        'gamma_1',
      ]);
      expect(
        await run(
          where('attribute', 'creation_time', '>=', 200),
          where('attribute', 'last_update_time', '<', 400),
        ),
      ).toEqual(['alpha', 'gamma_1']);
      const alphaId = seeded.alpha?.experimentId ?? '';
      expect(await run(where('attribute', 'experiment_id', '=', alphaId))).toEqual(['alpha']);
      expect(await run(where('attribute', 'experiment_id', 'IN', [alphaId, '9999']))).toEqual([
        'alpha',
      ]);
    });

    it('orders by name, creation_time, last_update_time and experiment_id', async () => {
      const seeded = await seed(env);
      await env.experiments.setTag(seeded.Beta?.experimentId ?? '', { key: 'x', value: 'y' }, 999);
      const order = async (key: string, ascending: boolean) =>
        names(
          await env.experiments.search(query({ orderBy: [{ type: 'attribute', key, ascending }] })),
        );
      // Bytewise on both backends: 'B' < 'a', and 'X' (0x58) < '_' (0x5F).
      expect(await order('name', true)).toEqual(['Beta', 'alpha', 'gammaX1', 'gamma_1']);
      expect(await order('name', false)).toEqual(['gamma_1', 'gammaX1', 'alpha', 'Beta']);
      expect(await order('creation_time', true)).toEqual(['Beta', 'gamma_1', 'alpha', 'gammaX1']);
      expect(await order('last_update_time', false)).toEqual([
        'Beta',
        'gammaX1',
        'alpha',
        'gamma_1',
      ]);
      expect(await order('experiment_id', true)).toEqual(['alpha', 'Beta', 'gamma_1', 'gammaX1']);
      expect(await order('experiment_id', false)).toEqual(['gammaX1', 'gamma_1', 'Beta', 'alpha']);
    });

    it('honours the view type and pages with nextOffset', async () => {
      const seeded = await seed(env);
      await env.experiments.update(
        seeded.alpha?.experimentId ?? '',
        { lifecycleStage: 'deleted' },
        500,
      );
      expect(names(await env.experiments.search(query({ viewType: 'DELETED_ONLY' })))).toEqual([
        'alpha',
      ]);
      expect(await env.experiments.search(query({ viewType: 'ACTIVE_ONLY' }))).toMatchObject({
        items: [{ name: 'gammaX1' }, { name: 'gamma_1' }, { name: 'Beta' }],
      });
      const all: string[] = [];
      let offset: number | undefined = 0;
      let pages = 0;
      while (offset !== undefined) {
        const page = await env.experiments.search(query({ viewType: 'ALL', limit: 3, offset }));
        all.push(...names(page));
        offset = page.nextOffset;
        pages++;
      }
      expect(pages).toBe(2);
      expect(all).toEqual(['gammaX1', 'alpha', 'gamma_1', 'Beta']);
      const full = await env.experiments.search(query({ viewType: 'ALL', limit: 4 }));
      expect(full.nextOffset).toBeUndefined();
      expect(full.items.find((e) => e.name === 'alpha')?.tags).toEqual([
        { key: 'team', value: 'Vision' },
      ]);
    });
  });
});
