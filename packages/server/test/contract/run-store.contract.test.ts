import { describe, expect, it } from 'vitest';
import { RUN_NAME_TAG, type Metric } from '@slipway/core';
import { SQL_BACKENDS } from '../support/sql-backends.js';
import {
  byKey,
  expectSlipwayError,
  metric,
  newExperiment,
  newRun,
  newRunId,
  tagValue,
  useTrackingEnv,
} from './tracking-fixtures.js';

describe.each(SQL_BACKENDS)('RunStore contract ($name)', (backend) => {
  const env = useTrackingEnv(backend);

  describe('create / get / getInfo', () => {
    it('stores the run and keeps its name and the mlflow.runName tag in sync', async () => {
      const exp = await newExperiment(env);
      const runId = newRunId();
      const created = await env.runs.create({
        runId,
        experimentId: exp.experimentId,
        userId: 'bob',
        runName: 'first',
        status: 'RUNNING',
        startTime: 1234,
        artifactUri: 's3://b/a',
        tags: [
          { key: 'z', value: '1' },
          { key: RUN_NAME_TAG, value: 'ignored' },
        ],
      });
      const expected = {
        info: {
          runId,
          runName: 'first',
          experimentId: exp.experimentId,
          userId: 'bob',
          status: 'RUNNING',
          startTime: 1234,
          artifactUri: 's3://b/a',
          lifecycleStage: 'active',
        },
        data: {
          metrics: [],
          params: [],
          tags: [
            { key: RUN_NAME_TAG, value: 'first' },
            { key: 'z', value: '1' },
          ],
        },
        inputs: { datasetInputs: [] },
      };
      expect(created).toEqual(expected);
      const got = await env.runs.get(runId);
      expect({ ...got, data: { ...got?.data, tags: byKey(got?.data.tags ?? []) } }).toEqual(
        expected,
      );
      expect(await env.runs.getInfo(runId)).toEqual(expected.info);
    });

    it('takes the run name from the mlflow.runName tag when none is given', async () => {
      const exp = await newExperiment(env);
      const run = await newRun(env, exp.experimentId, {
        runName: '',
        tags: [{ key: RUN_NAME_TAG, value: 'from-tag' }],
      });
      expect((await env.runs.getInfo(run.info.runId))?.runName).toBe('from-tag');
    });

    it('rejects a duplicate run id and an unknown experiment', async () => {
      const exp = await newExperiment(env);
      const run = await newRun(env, exp.experimentId);
      await expectSlipwayError(
        newRun(env, exp.experimentId, { runId: run.info.runId }),
        'ALREADY_EXISTS',
        run.info.runId,
      );
      await expectSlipwayError(newRun(env, '98765'), 'NOT_FOUND', '98765');
      await expectSlipwayError(newRun(env, 'not-a-number'), 'NOT_FOUND');
    });

    it('returns undefined for an unknown run', async () => {
      expect(await env.runs.get(newRunId())).toBeUndefined();
      expect(await env.runs.getInfo(newRunId())).toBeUndefined();
    });
  });

  describe('update', () => {
    it('updates status, end time, name (with its tag), lifecycle and deleted time', async () => {
      const exp = await newExperiment(env);
      const run = await newRun(env, exp.experimentId);
      const id = run.info.runId;
      const finished = await env.runs.update(id, {
        status: 'FINISHED',
        endTime: 5000,
        runName: 'renamed',
      });
      expect(finished).toEqual({
        ...run.info,
        status: 'FINISHED',
        endTime: 5000,
        runName: 'renamed',
      });
      expect(tagValue((await env.runs.get(id))?.data.tags ?? [], RUN_NAME_TAG)).toBe('renamed');

      const deleted = await env.runs.update(id, { lifecycleStage: 'deleted', deletedTime: 6000 });
      expect(deleted.lifecycleStage).toBe('deleted');
      expect(await env.runs.listDeletedRunIds(6001)).toEqual([id]);
      expect(await env.runs.listDeletedRunIds(6000)).toEqual([]);
      await env.runs.update(id, { lifecycleStage: 'active', deletedTime: null });
      expect(await env.runs.listDeletedRunIds(Number.MAX_SAFE_INTEGER)).toEqual([]);
      expect(await env.runs.update(id, {})).toEqual({ ...finished, lifecycleStage: 'active' });
    });

    it('reports an unknown run as NOT_FOUND', async () => {
      await expectSlipwayError(env.runs.update(newRunId(), { status: 'FAILED' }), 'NOT_FOUND');
      await expectSlipwayError(env.runs.update(newRunId(), {}), 'NOT_FOUND');
    });
  });

  describe('logBatch', () => {
    it('writes params, tags and metric history and exposes the latest metrics', async () => {
      const exp = await newExperiment(env);
      const { info } = await newRun(env, exp.experimentId);
      await env.runs.logBatch(info.runId, {
        metrics: [metric('loss', 0.5, 0, 10), metric('loss', 0.25, 1, 20), metric('acc', 0.9)],
        params: [
          { key: 'lr', value: '0.01' },
          { key: 'layers', value: '3' },
        ],
        tags: [
          { key: 'phase', value: 'a' },
          { key: 'phase', value: 'b' },
        ],
      });
      await env.runs.logBatch(info.runId, {
        metrics: [],
        params: [{ key: 'lr', value: '0.01' }],
        tags: [{ key: 'owner', value: 'me' }],
      });
      const run = await env.runs.get(info.runId);
      expect(byKey(run?.data.metrics ?? [])).toEqual([
        metric('acc', 0.9),
        metric('loss', 0.25, 1, 20),
      ]);
      expect(byKey(run?.data.params ?? [])).toEqual([
        { key: 'layers', value: '3' },
        { key: 'lr', value: '0.01' },
      ]);
      expect(tagValue(run?.data.tags ?? [], 'phase')).toBe('b');
      expect(tagValue(run?.data.tags ?? [], 'owner')).toBe('me');
      const history = await env.runs.getMetricHistory(info.runId, 'loss', {
        offset: 0,
        limit: 10,
      });
      expect(history).toEqual({ items: [metric('loss', 0.5, 0, 10), metric('loss', 0.25, 1, 20)] });
    });

    it('round-trips NaN, +Infinity and -Infinity exactly', async () => {
      const exp = await newExperiment(env);
      const { info } = await newRun(env, exp.experimentId);
      const points = [
        metric('x', Number.NaN, 0),
        metric('x', Number.POSITIVE_INFINITY, 1),
        metric('x', Number.NEGATIVE_INFINITY, 2),
        metric('x', 0, 3),
        metric('x', -1.5e308, 4),
        metric('x', 5e-324, 5),
        metric('nan', Number.NaN, 9),
        metric('inf', Number.POSITIVE_INFINITY, 9),
        metric('ninf', Number.NEGATIVE_INFINITY, 9),
      ];
      await env.runs.logBatch(info.runId, { metrics: points, params: [], tags: [] });
      const history = await env.runs.getMetricHistory(info.runId, 'x', { offset: 0, limit: 100 });
      // toEqual treats NaN as equal to NaN and distinguishes Infinity from the largest double.
      expect(history.items).toEqual(points.slice(0, 6));
      expect(Number.isNaN(history.items[0]?.value)).toBe(true);
      expect(history.items[1]?.value).toBe(Number.POSITIVE_INFINITY);
      expect(history.items[2]?.value).toBe(Number.NEGATIVE_INFINITY);
      const latest = byKey((await env.runs.get(info.runId))?.data.metrics ?? []);
      expect(latest).toEqual([
        metric('inf', Number.POSITIVE_INFINITY, 9),
        metric('nan', Number.NaN, 9),
        metric('ninf', Number.NEGATIVE_INFINITY, 9),
        metric('x', 5e-324, 5),
      ]);
    });

    it('keeps the latest metric by step, then timestamp, then value, NaN highest', async () => {
      const exp = await newExperiment(env);
      const { info } = await newRun(env, exp.experimentId);
      const log = (metrics: Metric[]) =>
        env.runs.logBatch(info.runId, { metrics, params: [], tags: [] });
      const latest = async (key: string) =>
        (await env.runs.get(info.runId))?.data.metrics.find((m) => m.key === key);

      // Within one batch: the highest step wins although it has the oldest timestamp.
      await log([metric('s', 1, 2, 100), metric('s', 2, 5, 1), metric('s', 3, 4, 999)]);
      expect(await latest('s')).toEqual(metric('s', 2, 5, 1));
      // A later batch with a lower step does not replace it; a higher step does.
      await log([metric('s', 100, 4, 5000)]);
      expect(await latest('s')).toEqual(metric('s', 2, 5, 1));
      await log([metric('s', -7, 6, 0)]);
      expect(await latest('s')).toEqual(metric('s', -7, 6, 0));

      // Same step: the larger timestamp wins, across batches too.
      await log([metric('t', 9, 1, 20), metric('t', 8, 1, 30)]);
      expect(await latest('t')).toEqual(metric('t', 8, 1, 30));
      await log([metric('t', 100, 1, 25)]);
      expect(await latest('t')).toEqual(metric('t', 8, 1, 30));

      // Same step and timestamp: the larger value wins; NaN beats every number, even +Infinity.
      await log([metric('v', 1, 0, 0), metric('v', 3, 0, 0), metric('v', 2, 0, 0)]);
      expect(await latest('v')).toEqual(metric('v', 3, 0, 0));
      await log([metric('v', Number.POSITIVE_INFINITY, 0, 0)]);
      expect(await latest('v')).toEqual(metric('v', Number.POSITIVE_INFINITY, 0, 0));
      await log([metric('v', Number.NaN, 0, 0)]);
      expect(await latest('v')).toEqual(metric('v', Number.NaN, 0, 0));
      await log([metric('v', 1e300, 0, 0)]);
      expect(await latest('v')).toEqual(metric('v', Number.NaN, 0, 0));

      // The very same point twice is stored once, as in MLflow.
      await log([metric('d', 1, 0, 0), metric('d', 1, 0, 0)]);
      await log([metric('d', 1, 0, 0)]);
      const history = await env.runs.getMetricHistory(info.runId, 'd', { offset: 0, limit: 10 });
      expect(history.items).toEqual([metric('d', 1, 0, 0)]);
    });

    it('accepts a param logged again with the same value', async () => {
      const exp = await newExperiment(env);
      const { info } = await newRun(env, exp.experimentId);
      const batch = { metrics: [], params: [{ key: 'p', value: 'v' }], tags: [] };
      await env.runs.logBatch(info.runId, batch);
      await env.runs.logBatch(info.runId, batch);
      expect((await env.runs.get(info.runId))?.data.params).toEqual([{ key: 'p', value: 'v' }]);
    });

    it('rejects a changed param and rolls back the whole batch', async () => {
      const exp = await newExperiment(env);
      const { info } = await newRun(env, exp.experimentId, { runName: 'keep' });
      await env.runs.logBatch(info.runId, {
        metrics: [metric('m', 1, 0)],
        params: [{ key: 'p', value: 'old' }],
        tags: [{ key: 't', value: 'before' }],
      });
      const before = await env.runs.get(info.runId);
      await expectSlipwayError(
        env.runs.logBatch(info.runId, {
          metrics: [metric('m', 2, 1), metric('other', 3)],
          params: [
            { key: 'a-new-param', value: 'x' },
            { key: 'p', value: 'new' },
          ],
          tags: [
            { key: 't', value: 'after' },
            { key: RUN_NAME_TAG, value: 'changed' },
          ],
        }),
        'INVALID_ARGUMENT',
        "'p'",
        'old',
        'new',
      );
      expect(await env.runs.get(info.runId)).toEqual(before);
      const history = await env.runs.getMetricHistory(info.runId, 'm', { offset: 0, limit: 10 });
      expect(history.items).toEqual([metric('m', 1, 0)]);
      expect(
        (await env.runs.getMetricHistory(info.runId, 'other', { offset: 0, limit: 10 })).items,
      ).toEqual([]);
    });

    it('rejects one batch giving a param two values', async () => {
      const exp = await newExperiment(env);
      const { info } = await newRun(env, exp.experimentId);
      await expectSlipwayError(
        env.runs.logBatch(info.runId, {
          metrics: [metric('m', 1)],
          params: [
            { key: 'p', value: '1' },
            { key: 'p', value: '2' },
          ],
          tags: [],
        }),
        'INVALID_ARGUMENT',
        'p',
      );
      expect((await env.runs.get(info.runId))?.data.metrics).toEqual([]);
    });

    it('renames the run when the batch sets mlflow.runName', async () => {
      const exp = await newExperiment(env);
      const { info } = await newRun(env, exp.experimentId);
      await env.runs.logBatch(info.runId, {
        metrics: [],
        params: [],
        tags: [{ key: RUN_NAME_TAG, value: 'via-tag' }],
      });
      expect((await env.runs.getInfo(info.runId))?.runName).toBe('via-tag');
    });

    it('reports an unknown run as NOT_FOUND, with or without data', async () => {
      const missing = newRunId();
      await expectSlipwayError(
        env.runs.logBatch(missing, { metrics: [], params: [], tags: [] }),
        'NOT_FOUND',
        missing,
      );
      await expectSlipwayError(
        env.runs.logBatch(missing, { metrics: [metric('m', 1)], params: [], tags: [] }),
        'NOT_FOUND',
      );
      await expectSlipwayError(
        env.runs.logBatch(missing, {
          metrics: [],
          params: [],
          tags: [{ key: RUN_NAME_TAG, value: 'x' }],
        }),
        'NOT_FOUND',
      );
    });

    it('writes batches larger than one statement can bind', async () => {
      const exp = await newExperiment(env);
      const { info } = await newRun(env, exp.experimentId);
      // 12,000 points x 6 columns exceed both SQLite's 32,766 and PostgreSQL's 65,535 parameters.
      const metrics: Metric[] = [];
      for (let i = 0; i < 12_000; i++) metrics.push(metric(`k${i % 3}`, i, i, 1_000 + i));
      await env.runs.logBatch(info.runId, { metrics, params: [], tags: [] });
      const history = await env.runs.getMetricHistory(info.runId, 'k1', {
        offset: 0,
        limit: 10_000,
      });
      expect(history.items).toHaveLength(4_000);
      expect(history.items[3_999]).toEqual(metric('k1', 11_998, 11_998, 12_998));
      expect(byKey((await env.runs.get(info.runId))?.data.metrics ?? [])).toEqual([
        metric('k0', 11_997, 11_997, 12_997),
        metric('k1', 11_998, 11_998, 12_998),
        metric('k2', 11_999, 11_999, 12_999),
      ]);
    });
  });

  describe('logBatch for active runs only', () => {
    const batches = {
      'metrics and tags': {
        metrics: [metric('m', 1)],
        params: [],
        tags: [{ key: 't', value: 'v' }],
      },
      'a param': { metrics: [metric('m', 1)], params: [{ key: 'p', value: '1' }], tags: [] },
      'a rename': { metrics: [], params: [], tags: [{ key: RUN_NAME_TAG, value: 'renamed' }] },
      nothing: { metrics: [], params: [], tags: [] },
    };

    it.each(Object.entries(batches))(
      'refuses %s for a deleted run and writes nothing',
      async (_name, batch) => {
        const exp = await newExperiment(env);
        const { info } = await newRun(env, exp.experimentId, { runName: 'before' });
        await env.runs.update(info.runId, { lifecycleStage: 'deleted', deletedTime: 5 });
        await expectSlipwayError(
          env.runs.logBatch(info.runId, batch, { activeOnly: true }),
          'INVALID_ARGUMENT',
          `The run ${info.runId} must be in the 'active' state. Current state is deleted.`,
        );
        const run = await env.runs.get(info.runId);
        expect(run?.data.metrics).toEqual([]);
        expect(run?.data.params).toEqual([]);
        expect(run?.data.tags.map((t) => t.key)).toEqual([RUN_NAME_TAG]);
        expect(run?.info.runName).toBe('before');

        await expectSlipwayError(
          env.runs.logBatch(newRunId(), batch, { activeOnly: true }),
          'NOT_FOUND',
        );
        // Without the option the store writes to any run; the services decide.
        await env.runs.logBatch(info.runId, batch);
      },
    );

    it('writes to an active run', async () => {
      const exp = await newExperiment(env);
      const { info } = await newRun(env, exp.experimentId);
      await env.runs.logBatch(info.runId, batches['metrics and tags'], { activeOnly: true });
      await env.runs.logBatch(info.runId, batches['a param'], { activeOnly: true });
      const run = await env.runs.get(info.runId);
      expect(run?.data.metrics).toEqual([metric('m', 1)]);
      expect(run?.data.params).toEqual([{ key: 'p', value: '1' }]);
      expect(tagValue(run?.data.tags ?? [], 't')).toBe('v');
    });
  });

  describe('concurrency', () => {
    it('loses nothing when 16 batches hit the same run at once', async () => {
      const exp = await newExperiment(env);
      const { info } = await newRun(env, exp.experimentId);
      const shared = Array.from({ length: 40 }, (_, s) => metric('shared-points', s, s, 7));
      await Promise.all(
        Array.from({ length: 16 }, (_, b) => {
          // Every batch logs the same points in its own order, plus its own keys and a step
          // of the common key "race" equal to its index.
          const rotated = [...shared.slice(b * 2), ...shared.slice(0, b * 2)];
          const own = Array.from({ length: 50 }, (_, i) => metric(`b${b}`, i, i, 1));
          return env.runs.logBatch(info.runId, {
            metrics: [...rotated, ...own, metric('race', b, b, 1)],
            params: [
              { key: `p${b}`, value: String(b) },
              { key: 'common', value: 'same' },
            ],
            tags: [{ key: `t${b}`, value: String(b) }],
          });
        }),
      );
      const run = await env.runs.get(info.runId);
      expect(run?.data.params).toHaveLength(17);
      expect(run?.data.tags.filter((t) => t.key.startsWith('t'))).toHaveLength(16);
      const latest = new Map(run?.data.metrics.map((m) => [m.key, m]));
      expect(latest.get('race')).toEqual(metric('race', 15, 15, 1));
      expect(latest.get('shared-points')).toEqual(metric('shared-points', 39, 39, 7));
      for (let b = 0; b < 16; b++) {
        expect(latest.get(`b${b}`)).toEqual(metric(`b${b}`, 49, 49, 1));
        const h = await env.runs.getMetricHistory(info.runId, `b${b}`, { offset: 0, limit: 100 });
        expect(h.items).toHaveLength(50);
      }
      const sharedHistory = await env.runs.getMetricHistory(info.runId, 'shared-points', {
        offset: 0,
        limit: 100,
      });
      expect(sharedHistory.items).toEqual(shared);
      const race = await env.runs.getMetricHistory(info.runId, 'race', { offset: 0, limit: 100 });
      expect(race.items.map((m) => m.value)).toEqual(Array.from({ length: 16 }, (_, i) => i));
    });

    it('loses nothing when 16 batches of the same points and tags (no params) race', async () => {
      // On PostgreSQL such batches are single statements whose inserts may lock rows in
      // different orders; a deadlock PostgreSQL breaks is retried, never reported.
      const exp = await newExperiment(env);
      const { info } = await newRun(env, exp.experimentId);
      const shared = Array.from({ length: 60 }, (_, s) => metric(`k${s % 6}`, s, s, 7));
      await Promise.all(
        Array.from({ length: 16 }, (_, b) =>
          env.runs.logBatch(info.runId, {
            metrics: [...shared.slice(b * 3), ...shared.slice(0, b * 3), metric('own', b, b, 1)],
            params: [],
            tags: [
              { key: 'same', value: 'x' },
              { key: `t${b}`, value: String(b) },
            ],
          }),
        ),
      );
      const run = await env.runs.get(info.runId);
      expect(run?.data.tags.filter((t) => t.key.startsWith('t'))).toHaveLength(16);
      const latest = new Map(run?.data.metrics.map((m) => [m.key, m]));
      expect(latest.get('own')).toEqual(metric('own', 15, 15, 1));
      for (let k = 0; k < 6; k++) {
        const h = await env.runs.getMetricHistory(info.runId, `k${k}`, { offset: 0, limit: 100 });
        expect(h.items).toEqual(shared.filter((m) => m.key === `k${k}`));
        expect(latest.get(`k${k}`)).toEqual(h.items[h.items.length - 1]);
      }
    });

    it('loses nothing when 16 batches hit 16 runs at once', async () => {
      const exp = await newExperiment(env);
      const runs = await Promise.all(
        Array.from({ length: 16 }, () => newRun(env, exp.experimentId)),
      );
      await Promise.all(
        runs.map((r, i) =>
          env.runs.logBatch(r.info.runId, {
            metrics: Array.from({ length: 100 }, (_, s) => metric('loss', i * 1000 + s, s, 1)),
            params: [{ key: 'i', value: String(i) }],
            tags: [],
          }),
        ),
      );
      for (const [i, r] of runs.entries()) {
        const run = await env.runs.get(r.info.runId);
        expect(run?.data.params).toEqual([{ key: 'i', value: String(i) }]);
        expect(run?.data.metrics).toEqual([metric('loss', i * 1000 + 99, 99, 1)]);
        const h = await env.runs.getMetricHistory(r.info.runId, 'loss', { offset: 0, limit: 200 });
        expect(h.items).toHaveLength(100);
      }
    });

    it('lets exactly one of two conflicting param values win', async () => {
      const exp = await newExperiment(env);
      const { info } = await newRun(env, exp.experimentId);
      const results = await Promise.allSettled(
        ['a', 'b'].map((value) =>
          env.runs.logBatch(info.runId, {
            metrics: [metric(`m-${value}`, 1)],
            params: [{ key: 'p', value }],
            tags: [],
          }),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const run = await env.runs.get(info.runId);
      const winner = run?.data.params[0]?.value;
      expect(run?.data.metrics.map((m) => m.key)).toEqual([`m-${winner}`]);
    });
  });

  describe('deleteTag', () => {
    it('deletes a tag and reports missing tags and runs as NOT_FOUND', async () => {
      const exp = await newExperiment(env);
      const { info } = await newRun(env, exp.experimentId, {
        tags: [
          { key: 'a', value: '1' },
          { key: 'b', value: '2' },
        ],
      });
      await env.runs.deleteTag(info.runId, 'a');
      const tags = (await env.runs.get(info.runId))?.data.tags ?? [];
      expect(tagValue(tags, 'a')).toBeUndefined();
      expect(tagValue(tags, 'b')).toBe('2');
      await expectSlipwayError(env.runs.deleteTag(info.runId, 'a'), 'NOT_FOUND', 'a');
      await expectSlipwayError(env.runs.deleteTag(newRunId(), 'b'), 'NOT_FOUND');
    });
  });

  describe('getMetricHistory', () => {
    it('orders by step then timestamp and pages with nextOffset', async () => {
      const exp = await newExperiment(env);
      const { info } = await newRun(env, exp.experimentId);
      const points = [
        metric('h', 5, 2, 10),
        metric('h', 1, 0, 50),
        metric('h', 3, 1, 30),
        metric('h', 2, 1, 20),
        metric('h', 4, 2, 5),
      ];
      await env.runs.logBatch(info.runId, { metrics: points, params: [], tags: [] });
      const expected = [1, 2, 3, 4, 5].map((v) => points.find((p) => p.value === v));
      const first = await env.runs.getMetricHistory(info.runId, 'h', { offset: 0, limit: 2 });
      expect(first).toEqual({ items: expected.slice(0, 2), nextOffset: 2 });
      const second = await env.runs.getMetricHistory(info.runId, 'h', { offset: 2, limit: 2 });
      expect(second).toEqual({ items: expected.slice(2, 4), nextOffset: 4 });
      const last = await env.runs.getMetricHistory(info.runId, 'h', { offset: 4, limit: 2 });
      expect(last).toEqual({ items: expected.slice(4) });
      expect(await env.runs.getMetricHistory(info.runId, 'nope', { offset: 0, limit: 2 })).toEqual({
        items: [],
      });
      await expectSlipwayError(
        env.runs.getMetricHistory(newRunId(), 'h', { offset: 0, limit: 2 }),
        'NOT_FOUND',
      );
    });
  });

  describe('logInputs', () => {
    it('records dataset inputs once per dataset and shares datasets within an experiment', async () => {
      const exp = await newExperiment(env);
      const r1 = await newRun(env, exp.experimentId);
      const r2 = await newRun(env, exp.experimentId);
      const train = {
        name: 'train',
        digest: 'd1',
        sourceType: 'local',
        source: '{"uri":"/data/train"}',
        schema: '{"cols":[]}',
      };
      const evalSet = { name: 'eval', digest: 'd2', sourceType: 'http', source: 'https://x' };
      await env.runs.logInputs(r1.info.runId, [
        { tags: [{ key: 'mlflow.data.context', value: 'training' }], dataset: train },
        { tags: [], dataset: evalSet },
        // A second input naming the same dataset is ignored (the first one is kept).
        { tags: [{ key: 'mlflow.data.context', value: 'other' }], dataset: train },
      ]);
      // Logging again is idempotent and does not change the existing input's tags.
      await env.runs.logInputs(r1.info.runId, [
        { tags: [{ key: 'mlflow.data.context', value: 'changed' }], dataset: train },
      ]);
      await env.runs.logInputs(r2.info.runId, [
        { tags: [], dataset: { ...train, source: 'ignored: first version kept' } },
      ]);
      const inputs = (await env.runs.get(r1.info.runId))?.inputs.datasetInputs ?? [];
      const sorted = [...inputs].sort((a, b) => a.dataset.name.localeCompare(b.dataset.name));
      expect(sorted).toEqual([
        { tags: [], dataset: evalSet },
        { tags: [{ key: 'mlflow.data.context', value: 'training' }], dataset: train },
      ]);
      expect((await env.runs.get(r2.info.runId))?.inputs.datasetInputs).toEqual([
        { tags: [], dataset: train },
      ]);
      await expectSlipwayError(env.runs.logInputs(newRunId(), []), 'NOT_FOUND');
    });
  });
});
