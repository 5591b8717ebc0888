import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  modelVersionKey,
  parseLoggedModelFilter,
  parseLoggedModelOrderBy,
  type CreateLoggedModelInput,
  type LoggedModel,
  type LoggedModelMetric,
  type LoggedModelSearchQuery,
} from '@slipway/core';
import { SqlLoggedModelStore } from '../../src/storage/sql/logged-model-store.js';
import { SqlModelRegistryStore } from '../../src/storage/sql/model-registry-store.js';
import { SQL_BACKENDS } from '../support/sql-backends.js';
import {
  expectSlipwayError,
  newExperiment,
  newRun,
  useTrackingEnv,
  type TrackingEnv,
} from './tracking-fixtures.js';

function newModelId(): string {
  return `m-${randomBytes(16).toString('hex')}`;
}

function modelInput(
  experimentId: string,
  overrides: Partial<CreateLoggedModelInput> = {},
): CreateLoggedModelInput {
  const modelId = overrides.modelId ?? newModelId();
  return {
    modelId,
    experimentId,
    name: 'model',
    artifactLocation: `mlflow-artifacts:/${experimentId}/models/${modelId}/artifacts`,
    status: 'LOGGED_MODEL_PENDING',
    creationTimestamp: 1_000,
    tags: [],
    params: [],
    ...overrides,
  };
}

function point(
  modelId: string,
  runId: string,
  key: string,
  value: number,
  extra: Partial<LoggedModelMetric> = {},
): LoggedModelMetric {
  return { key, value, timestamp: 1_000, step: 0, modelId, runId, ...extra };
}

describe.each(SQL_BACKENDS)('LoggedModelStore contract ($name)', (backend) => {
  const env = useTrackingEnv(backend);
  const store = () => new SqlLoggedModelStore(env.database);

  describe('create / get', () => {
    it('stores the model with its tags and params and reads it back', async () => {
      const exp = await newExperiment(env);
      const run = await newRun(env, exp.experimentId);
      const input = modelInput(exp.experimentId, {
        name: 'classifier',
        modelType: 'sklearn',
        sourceRunId: run.info.runId,
        creationTimestamp: 1_700_000_000_000,
        tags: [
          { key: 'z', value: 'last' },
          { key: 'a', value: 'first' },
          { key: 'z', value: 'wins' },
        ],
        params: [
          { key: 'alpha', value: '0.5' },
          { key: 'alpha', value: '0.5' },
          { key: 'C', value: '1' },
        ],
      });
      const expected: LoggedModel = {
        modelId: input.modelId,
        experimentId: exp.experimentId,
        name: 'classifier',
        artifactLocation: input.artifactLocation,
        creationTimestamp: 1_700_000_000_000,
        lastUpdatedTimestamp: 1_700_000_000_000,
        status: 'LOGGED_MODEL_PENDING',
        lifecycleStage: 'active',
        modelType: 'sklearn',
        sourceRunId: run.info.runId,
        // Bytewise key order on both backends ('C' < 'alpha').
        tags: [
          { key: 'a', value: 'first' },
          { key: 'z', value: 'wins' },
        ],
        params: [
          { key: 'C', value: '1' },
          { key: 'alpha', value: '0.5' },
        ],
        metrics: [],
      };
      expect(await store().create(input)).toEqual(expected);
      expect(await store().get(input.modelId)).toEqual(expected);
    });

    it('leaves unset optional fields out and answers undefined for an unknown id', async () => {
      const exp = await newExperiment(env);
      const created = await store().create(modelInput(exp.experimentId));
      expect('modelType' in created).toBe(false);
      expect('sourceRunId' in created).toBe(false);
      expect('statusMessage' in created).toBe(false);
      expect(await store().get(newModelId())).toBeUndefined();
    });

    it('tells which ids exist, deleted models included', async () => {
      const exp = await newExperiment(env);
      const live = await store().create(modelInput(exp.experimentId));
      const gone = await store().create(modelInput(exp.experimentId));
      await store().delete(gone.modelId, 2_000);
      const unknown = newModelId();
      expect(
        await store().existingIds([live.modelId, unknown, gone.modelId, live.modelId]),
      ).toEqual(new Set([live.modelId, gone.modelId]));
      expect(await store().existingIds([])).toEqual(new Set());
    });

    it('rejects an unknown experiment and a duplicate id, writing nothing', async () => {
      const exp = await newExperiment(env);
      const input = modelInput('987654');
      await expectSlipwayError(store().create(input), 'NOT_FOUND', '987654');
      await expectSlipwayError(store().create(modelInput('not-a-number')), 'NOT_FOUND');
      expect(await store().get(input.modelId)).toBeUndefined();
      const first = await store().create(modelInput(exp.experimentId));
      await expectSlipwayError(
        store().create(
          modelInput(exp.experimentId, { modelId: first.modelId, name: 'other', tags: [] }),
        ),
        'ALREADY_EXISTS',
        first.modelId,
      );
      expect((await store().get(first.modelId))?.name).toBe('model');
    });

    it('rejects params repeating a key with different values', async () => {
      const exp = await newExperiment(env);
      const input = modelInput(exp.experimentId, {
        params: [
          { key: 'lr', value: '0.1' },
          { key: 'lr', value: '0.2' },
        ],
      });
      await expectSlipwayError(store().create(input), 'INVALID_ARGUMENT', 'lr');
      expect(await store().get(input.modelId)).toBeUndefined();
    });
  });

  describe('finalize / delete', () => {
    it('sets the status and the last-updated time', async () => {
      const exp = await newExperiment(env);
      const created = await store().create(modelInput(exp.experimentId));
      const ready = await store().finalize(created.modelId, 'LOGGED_MODEL_READY', 5_000);
      expect(ready).toEqual({
        ...created,
        status: 'LOGGED_MODEL_READY',
        lastUpdatedTimestamp: 5_000,
      });
      const failed = await store().finalize(created.modelId, 'LOGGED_MODEL_UPLOAD_FAILED', 6_000);
      expect([failed.status, failed.lastUpdatedTimestamp, failed.creationTimestamp]).toEqual([
        'LOGGED_MODEL_UPLOAD_FAILED',
        6_000,
        1_000,
      ]);
      await expectSlipwayError(
        store().finalize('m-missing', 'LOGGED_MODEL_READY', 1),
        'NOT_FOUND',
        "Logged model with ID 'm-missing' not found.",
      );
    });

    it('deletes softly: the model stays readable as deleted and leaves search', async () => {
      const exp = await newExperiment(env);
      const kept = await store().create(modelInput(exp.experimentId, { name: 'kept' }));
      const gone = await store().create(modelInput(exp.experimentId, { name: 'gone' }));
      await store().delete(gone.modelId, 7_000);
      expect(await store().get(gone.modelId)).toEqual({
        ...gone,
        lifecycleStage: 'deleted',
        lastUpdatedTimestamp: 7_000,
      });
      // Deleting again changes nothing (the first deletion time stays).
      await store().delete(gone.modelId, 8_000);
      expect((await store().get(gone.modelId))?.lastUpdatedTimestamp).toBe(7_000);
      const page = await store().search(query([exp.experimentId]));
      expect(page.items.map((m) => m.name)).toEqual(['kept']);
      expect(page.items[0]?.modelId).toBe(kept.modelId);
      await expectSlipwayError(store().delete('m-missing', 1), 'NOT_FOUND', 'm-missing');
    });
  });

  describe('tags and params', () => {
    it('upserts tags (last value wins) and deletes one', async () => {
      const exp = await newExperiment(env);
      const m = await store().create(
        modelInput(exp.experimentId, { tags: [{ key: 'team', value: 'a' }] }),
      );
      await store().setTags(m.modelId, [
        { key: 'team', value: 'b' },
        { key: 'stage', value: 'x' },
        { key: 'stage', value: 'y' },
      ]);
      expect((await store().get(m.modelId))?.tags).toEqual([
        { key: 'stage', value: 'y' },
        { key: 'team', value: 'b' },
      ]);
      await store().deleteTag(m.modelId, 'team');
      expect((await store().get(m.modelId))?.tags).toEqual([{ key: 'stage', value: 'y' }]);
      await expectSlipwayError(
        store().deleteTag(m.modelId, 'team'),
        'NOT_FOUND',
        `No tag with key 'team' found for model with ID '${m.modelId}'.`,
      );
      await expectSlipwayError(
        store().setTags('m-missing', [{ key: 'k', value: 'v' }]),
        'NOT_FOUND',
        'm-missing',
      );
      await expectSlipwayError(store().deleteTag('m-missing', 'k'), 'NOT_FOUND', 'm-missing');
    });

    it('keeps params immutable: same value is a no-op, a new value fails the whole call', async () => {
      const exp = await newExperiment(env);
      const m = await store().create(
        modelInput(exp.experimentId, { params: [{ key: 'alpha', value: '0.5' }] }),
      );
      await store().logParams(m.modelId, [
        { key: 'alpha', value: '0.5' },
        { key: 'beta', value: '2' },
      ]);
      await expectSlipwayError(
        store().logParams(m.modelId, [
          { key: 'gamma', value: '3' },
          { key: 'alpha', value: '0.9' },
        ]),
        'INVALID_ARGUMENT',
        "key='alpha'",
        "value='0.5'",
        "'0.9'",
      );
      // gamma came in the failed call and was rolled back with it.
      expect((await store().get(m.modelId))?.params).toEqual([
        { key: 'alpha', value: '0.5' },
        { key: 'beta', value: '2' },
      ]);
      await expectSlipwayError(
        store().logParams('m-missing', [{ key: 'k', value: 'v' }]),
        'NOT_FOUND',
      );
    });
  });

  describe('metrics', () => {
    it('links points with datasets, keeps NaN and infinities, and ignores exact repeats', async () => {
      const exp = await newExperiment(env);
      const run = await newRun(env, exp.experimentId);
      const runId = run.info.runId;
      const m = await store().create(modelInput(exp.experimentId));
      const points = [
        point(m.modelId, runId, 'acc', 0.9, {
          step: 1,
          timestamp: 2_000,
          datasetName: 'test',
          datasetDigest: 'abc',
        }),
        point(m.modelId, runId, 'acc', 0.8, { step: 0, timestamp: 1_000 }),
        point(m.modelId, runId, 'loss', NaN, { timestamp: 1_500 }),
        point(m.modelId, runId, 'loss', Number.POSITIVE_INFINITY, { timestamp: 1_600 }),
        point(m.modelId, runId, 'loss', Number.NEGATIVE_INFINITY, { timestamp: 1_700 }),
      ];
      await store().logMetrics(points);
      await store().logMetrics([points[0] as LoggedModelMetric]);
      const got = await store().get(m.modelId);
      expect(got?.metrics).toEqual([
        { key: 'acc', value: 0.8, timestamp: 1_000, step: 0, modelId: m.modelId, runId },
        {
          key: 'acc',
          value: 0.9,
          timestamp: 2_000,
          step: 1,
          modelId: m.modelId,
          runId,
          datasetName: 'test',
          datasetDigest: 'abc',
        },
        { key: 'loss', value: NaN, timestamp: 1_500, step: 0, modelId: m.modelId, runId },
        {
          key: 'loss',
          value: Number.POSITIVE_INFINITY,
          timestamp: 1_600,
          step: 0,
          modelId: m.modelId,
          runId,
        },
        {
          key: 'loss',
          value: Number.NEGATIVE_INFINITY,
          timestamp: 1_700,
          step: 0,
          modelId: m.modelId,
          runId,
        },
      ]);
    });

    it('fails the whole call for an unknown model or run', async () => {
      const exp = await newExperiment(env);
      const run = await newRun(env, exp.experimentId);
      const m = await store().create(modelInput(exp.experimentId));
      await expectSlipwayError(
        store().logMetrics([
          point(m.modelId, run.info.runId, 'ok', 1),
          point(newModelId(), run.info.runId, 'bad', 2),
        ]),
        'NOT_FOUND',
      );
      await expectSlipwayError(
        store().logMetrics([point(m.modelId, 'f'.repeat(32), 'bad', 2)]),
        'NOT_FOUND',
      );
      expect((await store().get(m.modelId))?.metrics).toEqual([]);
    });
  });

  describe('run outputs', () => {
    it('records outputs idempotently and lists them per run', async () => {
      const exp = await newExperiment(env);
      const runA = await newRun(env, exp.experimentId);
      const runB = await newRun(env, exp.experimentId);
      const m1 = await store().create(modelInput(exp.experimentId));
      const m2 = await store().create(modelInput(exp.experimentId));
      await store().logOutputs(runA.info.runId, [
        { modelId: m2.modelId, step: 3 },
        { modelId: m1.modelId, step: 0 },
      ]);
      await store().logOutputs(runA.info.runId, [{ modelId: m1.modelId, step: 0 }]);
      const outputs = await store().listOutputs([runA.info.runId, runB.info.runId]);
      expect([...outputs.keys()]).toEqual([runA.info.runId]);
      expect(outputs.get(runA.info.runId)).toEqual([
        { modelId: m1.modelId, step: 0 },
        { modelId: m2.modelId, step: 3 },
      ]);
    });

    it('rejects an unknown model or run', async () => {
      const exp = await newExperiment(env);
      const run = await newRun(env, exp.experimentId);
      const m = await store().create(modelInput(exp.experimentId));
      await expectSlipwayError(
        store().logOutputs(run.info.runId, [
          { modelId: m.modelId, step: 0 },
          { modelId: 'm-missing', step: 0 },
        ]),
        'NOT_FOUND',
        'm-missing',
      );
      await expectSlipwayError(
        store().logOutputs('f'.repeat(32), [{ modelId: m.modelId, step: 0 }]),
        'NOT_FOUND',
      );
      expect((await store().listOutputs([run.info.runId])).size).toBe(0);
    });
  });

  describe('registry version links', () => {
    it('links versions, follows renames and goes with the version', async () => {
      const exp = await newExperiment(env);
      const m = await store().create(modelInput(exp.experimentId));
      const registry = new SqlModelRegistryStore(env.database);
      const audit = { actor: 'alice', time: 1 };
      await registry.createRegisteredModel({ name: 'clf', description: '', tags: [] }, audit);
      for (let i = 0; i < 2; i++) {
        await registry.createModelVersion(
          {
            name: 'clf',
            source: `models:/${m.modelId}`,
            runId: '',
            runLink: '',
            description: '',
            tags: [],
            status: 'READY',
          },
          audit,
        );
      }
      await store().linkModelVersion({ name: 'clf', version: '2' }, m.modelId);
      const refs = [
        { name: 'clf', version: '1' },
        { name: 'clf', version: '2' },
      ];
      expect(await store().modelIdsOfVersions(refs)).toEqual(
        new Map([[modelVersionKey({ name: 'clf', version: '2' }), m.modelId]]),
      );
      await registry.renameRegisteredModel('clf', 'classifier', audit);
      expect(
        await store().modelIdsOfVersions([{ name: 'classifier', version: '2' }, ...refs]),
      ).toEqual(new Map([[modelVersionKey({ name: 'classifier', version: '2' }), m.modelId]]));
      await registry.deleteModelVersion('classifier', '2', audit);
      expect((await store().modelIdsOfVersions([{ name: 'classifier', version: '2' }])).size).toBe(
        0,
      );
      await expectSlipwayError(
        store().linkModelVersion({ name: 'classifier', version: '7' }, m.modelId),
        'NOT_FOUND',
        'classifier',
      );
    });
  });

  describe('search', () => {
    it('filters by attributes, params, tags and metrics, scoped to experiments', async () => {
      const { exp, models, runId } = await seed(env, store());
      const names = async (filter: string, datasets: LoggedModelSearchQuery['datasets'] = []) =>
        (
          await store().search({
            ...query([exp]),
            filter: parseLoggedModelFilter(filter),
            datasets,
            orderBy: parseLoggedModelOrderBy([{ fieldName: 'name' }]),
          })
        ).items.map((m) => m.name);
      expect(await names('')).toEqual(['alpha', 'beta', 'gamma']);
      expect(await names("name = 'beta'")).toEqual(['beta']);
      expect(await names("name != 'beta'")).toEqual(['alpha', 'gamma']);
      expect(await names("name LIKE '%a'")).toEqual(['alpha', 'beta', 'gamma']);
      expect(await names("name LIKE 'A%'")).toEqual([]);
      expect(await names("name ILIKE 'A%'")).toEqual(['alpha']);
      expect(await names("status = 'READY'")).toEqual(['alpha', 'gamma']);
      expect(await names("status != 'LOGGED_MODEL_READY'")).toEqual(['beta']);
      expect(await names("model_type = 'agent'")).toEqual(['gamma']);
      expect(await names(`source_run_id = '${runId}'`)).toEqual(['alpha', 'beta']);
      expect(await names(`model_id = '${models.beta}'`)).toEqual(['beta']);
      expect(await names(`experiment_id = '${exp}'`)).toEqual(['alpha', 'beta', 'gamma']);
      expect(await names('creation_timestamp > 2000')).toEqual(['gamma']);
      expect(await names('creation_time <= 2000')).toEqual(['alpha', 'beta']);
      expect(await names("params.lr = '0.1'")).toEqual(['alpha']);
      expect(await names("params.lr LIKE '0.%'")).toEqual(['alpha', 'beta']);
      expect(await names("tags.team = 'vision'")).toEqual(['beta', 'gamma']);
      expect(await names("tags.team = 'vision' AND params.lr = '0.2'")).toEqual(['beta']);
      // Any point of the key counts: alpha's earlier 0.95 matches though its latest is 0.7.
      expect(await names('metrics.acc > 0.9')).toEqual(['alpha', 'gamma']);
      expect(await names('metrics.acc < 0.75')).toEqual(['alpha']);
      // NaN (which the store keeps as 0 with a flag) matches no comparison but !=.
      expect(await names('metrics.loss >= 0')).toEqual(['alpha']);
      expect(await names('metrics.loss = 0')).toEqual([]);
      expect(await names('metrics.loss != 0')).toEqual(['alpha', 'beta']);
      // Datasets narrow metric clauses to points on them (digest optional).
      expect(await names('metrics.acc > 0.9', [{ datasetName: 'test' }])).toEqual(['gamma']);
      expect(
        await names('metrics.acc > 0', [{ datasetName: 'test', datasetDigest: 'nope' }]),
      ).toEqual([]);
      // Datasets alone: models with some point on one of them.
      expect(await names('', [{ datasetName: 'test', datasetDigest: 'd1' }])).toEqual([
        'beta',
        'gamma',
      ]);
      const other = await newExperiment(env);
      expect((await store().search(query([other.experimentId]))).items).toEqual([]);
      expect((await store().search(query(['nope']))).items).toEqual([]);
    });

    it('orders by attributes and by a metric latest point, missing last, and pages', async () => {
      const { exp } = await seed(env, store());
      const order = async (...entries: Parameters<typeof parseLoggedModelOrderBy>[0] & object) =>
        (
          await store().search({ ...query([exp]), orderBy: parseLoggedModelOrderBy(entries) })
        ).items.map((m) => m.name);
      // Default: newest first.
      expect(await order()).toEqual(['gamma', 'beta', 'alpha']);
      expect(await order({ fieldName: 'name', ascending: false })).toEqual([
        'gamma',
        'beta',
        'alpha',
      ]);
      expect(await order({ fieldName: 'creation_timestamp', ascending: true })).toEqual([
        'alpha',
        'beta',
        'gamma',
      ]);
      // model_type: only gamma has one; missing values sort last in both directions.
      expect((await order({ fieldName: 'model_type' }))[0]).toBe('gamma');
      expect((await order({ fieldName: 'model_type', ascending: false }))[0]).toBe('gamma');
      // Latest acc points: alpha 0.7, beta 0.8, gamma 0.99.
      expect(await order({ fieldName: 'metrics.acc', ascending: false })).toEqual([
        'gamma',
        'beta',
        'alpha',
      ]);
      expect(await order({ fieldName: 'metrics.acc' })).toEqual(['alpha', 'beta', 'gamma']);
      // Restricted to dataset test/d1: beta 0.8, gamma 0.99, alpha has none (last).
      expect(
        await order({ fieldName: 'metrics.acc', datasetName: 'test', datasetDigest: 'd1' }),
      ).toEqual(['beta', 'gamma', 'alpha']);
      // loss: alpha 0.5, beta NaN, gamma none -> numbers, then NaN, then missing.
      expect(await order({ fieldName: 'metrics.loss', ascending: false })).toEqual([
        'alpha',
        'beta',
        'gamma',
      ]);

      const first = await store().search({ ...query([exp]), limit: 2 });
      expect(first.items.map((m) => m.name)).toEqual(['gamma', 'beta']);
      expect(first.nextOffset).toBe(2);
      const second = await store().search({ ...query([exp]), limit: 2, offset: 2 });
      expect(second.items.map((m) => m.name)).toEqual(['alpha']);
      expect(second.nextOffset).toBeUndefined();
    });
  });
});

function query(experimentIds: string[]): LoggedModelSearchQuery {
  return { experimentIds, filter: [], datasets: [], orderBy: [], limit: 100, offset: 0 };
}

/**
 * Three models in one experiment:
 * - alpha (t=1000, READY, lr=0.1, run R): acc 0.95 then 0.7 (no dataset), loss 0.5
 * - beta (t=2000, PENDING, lr=0.2, team=vision, run R): acc 0.8 on test/d1, loss NaN
 * - gamma (t=3000, READY, type agent, team=vision): acc 0.99 on test/d1
 */
async function seed(env: TrackingEnv, store: SqlLoggedModelStore) {
  const exp = (await newExperiment(env)).experimentId;
  const runId = (await newRun(env, exp)).info.runId;
  const create = (name: string, extra: Partial<CreateLoggedModelInput>) =>
    store.create(modelInput(exp, { name, ...extra }));
  const alpha = await create('alpha', {
    creationTimestamp: 1_000,
    status: 'LOGGED_MODEL_READY',
    sourceRunId: runId,
    params: [{ key: 'lr', value: '0.1' }],
  });
  const beta = await create('beta', {
    creationTimestamp: 2_000,
    sourceRunId: runId,
    params: [{ key: 'lr', value: '0.2' }],
    tags: [{ key: 'team', value: 'vision' }],
  });
  const gamma = await create('gamma', {
    creationTimestamp: 3_000,
    status: 'LOGGED_MODEL_READY',
    modelType: 'agent',
    tags: [{ key: 'team', value: 'vision' }],
  });
  await store.logMetrics([
    point(alpha.modelId, runId, 'acc', 0.95, { step: 0, timestamp: 1_000 }),
    point(alpha.modelId, runId, 'acc', 0.7, { step: 1, timestamp: 2_000 }),
    point(alpha.modelId, runId, 'loss', 0.5),
    point(beta.modelId, runId, 'acc', 0.8, { datasetName: 'test', datasetDigest: 'd1' }),
    point(beta.modelId, runId, 'loss', NaN),
    point(gamma.modelId, runId, 'acc', 0.99, { datasetName: 'test', datasetDigest: 'd1' }),
  ]);
  return {
    exp,
    runId,
    models: { alpha: alpha.modelId, beta: beta.modelId, gamma: gamma.modelId },
  };
}
