import { beforeAll, describe, expect, it } from 'vitest';
import type { FilterClause, OrderByClause, Run, RunSearchQuery } from '@slipway/core';
import { SQL_BACKENDS } from '../support/sql-backends.js';
import {
  expectSlipwayError,
  metric,
  newExperiment,
  newRun,
  useTrackingEnv,
  type TrackingEnv,
} from './tracking-fixtures.js';

type Name = 'alpha' | 'Beta' | 'gamma_1' | 'gammaX1' | 'other' | 'deleted';

interface Seeded {
  e1: string;
  e2: string;
  ids: Record<Name, string>;
}

const CONTEXT = 'mlflow.data.context';
const train = { name: 'train', digest: 'd1', sourceType: 'local', source: '/data/train' };
const evalSet = { name: 'eval', digest: 'd2', sourceType: 'local', source: '/data/eval' };

/**
 * Four active runs in e1 (plus one deleted) and one in e2:
 *
 * | run     | start | end | status   | user  | loss  | acc | lr    | opt  | team   | note    | datasets (context)  |
 * | alpha   | 100   | 200 | FINISHED | alice | 0.5   | 0.9 | 0.01  | Adam | Vision | a*b[1]? | train (training)    |
 * | Beta    | 300   | -   | RUNNING  | bob   | 0.3   | NaN | 0.1   | adam | vision |         | eval (eval)         |
 * | gamma_1 | 200   | 250 | FAILED   | alice | +Inf  |     | 0.001 |      |        |         |                     |
 * | gammaX1 | 300   | 400 | KILLED   | carol |       |     |       | SGD  |        | axb[1]! | train (eval)        |
 */
async function seed(env: TrackingEnv): Promise<Seeded> {
  const e1 = (await newExperiment(env, 'e1')).experimentId;
  const e2 = (await newExperiment(env, 'e2')).experimentId;
  const make = async (
    name: Name,
    experimentId: string,
    startTime: number,
    userId: string,
  ): Promise<string> =>
    (await newRun(env, experimentId, { runName: name, startTime, userId })).info.runId;
  const ids: Record<Name, string> = {
    alpha: await make('alpha', e1, 100, 'alice'),
    Beta: await make('Beta', e1, 300, 'bob'),
    gamma_1: await make('gamma_1', e1, 200, 'alice'),
    gammaX1: await make('gammaX1', e1, 300, 'carol'),
    other: await make('other', e2, 500, 'alice'),
    deleted: await make('deleted', e1, 50, 'alice'),
  };
  const { runs } = env;
  await runs.update(ids.alpha, { status: 'FINISHED', endTime: 200 });
  await runs.update(ids.gamma_1, { status: 'FAILED', endTime: 250 });
  await runs.update(ids.gammaX1, { status: 'KILLED', endTime: 400 });
  await runs.update(ids.deleted, { lifecycleStage: 'deleted', deletedTime: 60 });
  await runs.logBatch(ids.alpha, {
    metrics: [metric('loss', 0.8, 0), metric('loss', 0.5, 1), metric('acc', 0.9)],
    params: [
      { key: 'lr', value: '0.01' },
      { key: 'opt', value: 'Adam' },
    ],
    tags: [
      { key: 'team', value: 'Vision' },
      { key: 'note', value: 'a*b[1]?' },
    ],
  });
  await runs.logBatch(ids.Beta, {
    metrics: [metric('loss', 0.3), metric('acc', Number.NaN)],
    params: [
      { key: 'lr', value: '0.1' },
      { key: 'opt', value: 'adam' },
    ],
    tags: [{ key: 'team', value: 'vision' }],
  });
  await runs.logBatch(ids.gamma_1, {
    metrics: [metric('loss', Number.POSITIVE_INFINITY)],
    params: [{ key: 'lr', value: '0.001' }],
    tags: [],
  });
  await runs.logBatch(ids.gammaX1, {
    metrics: [],
    params: [{ key: 'opt', value: 'SGD' }],
    tags: [{ key: 'note', value: 'axb[1]!' }],
  });
  await runs.logInputs(ids.alpha, [
    { tags: [{ key: CONTEXT, value: 'training' }], dataset: train },
  ]);
  await runs.logInputs(ids.Beta, [{ tags: [{ key: CONTEXT, value: 'eval' }], dataset: evalSet }]);
  await runs.logInputs(ids.gammaX1, [{ tags: [{ key: CONTEXT, value: 'eval' }], dataset: train }]);
  return { e1, e2, ids };
}

function clause(
  type: FilterClause['type'],
  key: string,
  comparator: FilterClause['comparator'],
  value: FilterClause['value'],
): FilterClause {
  return { type, key, comparator, value, position: 0 };
}

function order(type: OrderByClause['type'], key: string, ascending: boolean): OrderByClause {
  return { type, key, ascending };
}

const runNames = (runs: Run[]) => runs.map((r) => r.info.runName);

describe.each(SQL_BACKENDS)('RunStore search contract ($name)', (backend) => {
  // Every test only reads, so the data is seeded once per backend.
  const env = useTrackingEnv(backend, 'suite');
  let s: Seeded;
  beforeAll(async () => {
    s = await seed(env);
  });

  const search = (overrides: Partial<RunSearchQuery> = {}) =>
    env.runs.search({
      experimentIds: [s.e1],
      filter: [],
      orderBy: [],
      viewType: 'ACTIVE_ONLY',
      limit: 100,
      offset: 0,
      ...overrides,
    });

  /** Names of the runs matching all clauses, sorted so only the set is compared. */
  const matching = async (...filter: FilterClause[]) =>
    runNames((await search({ filter })).items).sort();

  it('compares metrics with every numeric comparator against the latest value', async () => {
    expect(await matching(clause('metric', 'loss', '=', 0.5))).toEqual(['alpha']);
    // 0.8 is an older point of alpha's loss: only the latest value counts.
    expect(await matching(clause('metric', 'loss', '=', 0.8))).toEqual([]);
    // gammaX1 has no loss at all and never matches, not even !=.
    expect(await matching(clause('metric', 'loss', '!=', 0.5))).toEqual(['Beta', 'gamma_1']);
    expect(await matching(clause('metric', 'loss', '>', 0.3))).toEqual(['alpha', 'gamma_1']);
    expect(await matching(clause('metric', 'loss', '>=', 0.3))).toEqual([
      'Beta',
      'alpha',
      'gamma_1',
    ]);
    expect(await matching(clause('metric', 'loss', '<', 0.5))).toEqual(['Beta']);
    expect(await matching(clause('metric', 'loss', '<=', 0.5))).toEqual(['Beta', 'alpha']);
    expect(await matching(clause('metric', 'loss', '>', 1e308))).toEqual(['gamma_1']);
    // NaN is neither larger nor smaller than a number, and unequal to every number.
    expect(await matching(clause('metric', 'acc', '>', -1))).toEqual(['alpha']);
    expect(await matching(clause('metric', 'acc', '<', 1))).toEqual(['alpha']);
    expect(await matching(clause('metric', 'acc', '!=', 0.9))).toEqual(['Beta']);
  });

  it('compares params with =, !=, LIKE, ILIKE, IN and NOT IN', async () => {
    expect(await matching(clause('param', 'lr', '=', '0.01'))).toEqual(['alpha']);
    expect(await matching(clause('param', 'lr', '!=', '0.01'))).toEqual(['Beta', 'gamma_1']);
    expect(await matching(clause('param', 'opt', 'LIKE', 'a%'))).toEqual(['Beta']);
    expect(await matching(clause('param', 'opt', 'LIKE', 'A%'))).toEqual(['alpha']);
    expect(await matching(clause('param', 'opt', 'ILIKE', 'A%'))).toEqual(['Beta', 'alpha']);
    expect(await matching(clause('param', 'lr', 'LIKE', '0.0_'))).toEqual(['alpha']);
    expect(await matching(clause('param', 'lr', 'IN', ['0.1', '0.001']))).toEqual([
      'Beta',
      'gamma_1',
    ]);
    expect(await matching(clause('param', 'lr', 'NOT IN', ['0.1']))).toEqual(['alpha', 'gamma_1']);
    expect(await matching(clause('param', 'lr', 'IN', []))).toEqual([]);
  });

  it('matches long param and tag values exactly, beyond the indexed prefix', async () => {
    const e3 = (await newExperiment(env, 'long-values')).experimentId;
    const shared = 'x'.repeat(300);
    const first = (await newRun(env, e3, { runName: 'first' })).info.runId;
    const second = (await newRun(env, e3, { runName: 'second' })).info.runId;
    // Equal for the first 300 characters, different after: a prefix-only index must not confuse them.
    await env.runs.logBatch(first, {
      metrics: [],
      params: [{ key: 'blob', value: `${shared}-one` }],
      tags: [{ key: 'blob', value: `${shared}-one` }],
    });
    await env.runs.logBatch(second, {
      metrics: [],
      params: [{ key: 'blob', value: `${shared}-two` }],
      tags: [{ key: 'blob', value: `${shared}-two` }],
    });
    const names = async (...filter: FilterClause[]) =>
      runNames((await search({ experimentIds: [e3], filter })).items).sort();
    expect(await names(clause('param', 'blob', '=', `${shared}-two`))).toEqual(['second']);
    expect(await names(clause('tag', 'blob', '=', `${shared}-one`))).toEqual(['first']);
    expect(await names(clause('param', 'blob', 'IN', [`${shared}-one`, 'short']))).toEqual([
      'first',
    ]);
    expect(await names(clause('param', 'blob', '=', shared))).toEqual([]);
  });

  it('compares tags, treating GLOB metacharacters in LIKE literally on every backend', async () => {
    expect(await matching(clause('tag', 'team', '=', 'vision'))).toEqual(['Beta']);
    expect(await matching(clause('tag', 'team', 'ILIKE', 'VISION'))).toEqual(['Beta', 'alpha']);
    expect(await matching(clause('tag', 'note', 'LIKE', 'a*b[1]%'))).toEqual(['alpha']);
    expect(await matching(clause('tag', 'note', 'LIKE', 'a_b[1]_'))).toEqual(['alpha', 'gammaX1']);
    expect(await matching(clause('tag', 'note', 'LIKE', 'a%\\?'))).toEqual(['alpha']);
    expect(await matching(clause('tag', 'note', 'LIKE', 'A%'))).toEqual([]);
    expect(await matching(clause('tag', 'note', '!=', 'a*b[1]?'))).toEqual(['gammaX1']);
    expect(await matching(clause('tag', 'team', 'NOT IN', ['Vision']))).toEqual(['Beta']);
  });

  it('compares run attributes', async () => {
    expect(await matching(clause('attribute', 'run_name', '=', 'alpha'))).toEqual(['alpha']);
    expect(await matching(clause('attribute', 'run_name', 'LIKE', 'gamma%'))).toEqual([
      'gammaX1',
      'gamma_1',
    ]);
    expect(await matching(clause('attribute', 'run_name', 'LIKE', 'gamma\\_1'))).toEqual([
      'gamma_1',
    ]);
    expect(await matching(clause('attribute', 'run_name', 'ILIKE', 'BETA'))).toEqual(['Beta']);
    expect(await matching(clause('attribute', 'status', 'IN', ['FINISHED', 'FAILED']))).toEqual([
      'alpha',
      'gamma_1',
    ]);
    expect(await matching(clause('attribute', 'status', '!=', 'RUNNING'))).toEqual([
      'alpha',
      'gammaX1',
      'gamma_1',
    ]);
    expect(await matching(clause('attribute', 'user_id', '=', 'alice'))).toEqual([
      'alpha',
      'gamma_1',
    ]);
    expect(
      await matching(clause('attribute', 'run_id', 'IN', [s.ids.alpha, s.ids.gammaX1])),
    ).toEqual(['alpha', 'gammaX1']);
    expect(await matching(clause('attribute', 'run_id', 'NOT IN', [s.ids.alpha]))).toEqual([
      'Beta',
      'gammaX1',
      'gamma_1',
    ]);
    expect(await matching(clause('attribute', 'artifact_uri', 'LIKE', `%${s.ids.Beta}%`))).toEqual([
      'Beta',
    ]);
    expect(await matching(clause('attribute', 'start_time', '>', 100))).toEqual([
      'Beta',
      'gammaX1',
      'gamma_1',
    ]);
    expect(await matching(clause('attribute', 'start_time', '=', 300))).toEqual([
      'Beta',
      'gammaX1',
    ]);
    // Beta has no end time and matches no end_time comparison.
    expect(await matching(clause('attribute', 'end_time', '<', 300))).toEqual(['alpha', 'gamma_1']);
    expect(await matching(clause('attribute', 'end_time', '>=', 250))).toEqual([
      'gammaX1',
      'gamma_1',
    ]);
  });

  it('filters by dataset name, digest and context', async () => {
    expect(await matching(clause('dataset', 'name', '=', 'train'))).toEqual(['alpha', 'gammaX1']);
    expect(await matching(clause('dataset', 'name', '!=', 'train'))).toEqual(['Beta']);
    expect(await matching(clause('dataset', 'digest', '=', 'd2'))).toEqual(['Beta']);
    expect(await matching(clause('dataset', 'name', 'LIKE', 'ev%'))).toEqual(['Beta']);
    expect(await matching(clause('dataset', 'context', '=', 'training'))).toEqual(['alpha']);
    expect(await matching(clause('dataset', 'context', 'IN', ['eval']))).toEqual([
      'Beta',
      'gammaX1',
    ]);
  });

  it('ANDs clauses of different kinds', async () => {
    expect(
      await matching(
        clause('metric', 'loss', '<', 1),
        clause('param', 'opt', 'ILIKE', 'adam'),
        clause('tag', 'team', '=', 'vision'),
      ),
    ).toEqual(['Beta']);
    expect(
      await matching(clause('metric', 'loss', '<', 1), clause('param', 'opt', 'ILIKE', 'adam')),
    ).toEqual(['Beta', 'alpha']);
  });

  it('rejects comparators a field does not support and malformed patterns', async () => {
    await expectSlipwayError(
      search({ filter: [clause('param', 'lr', '>', '0.1')] }),
      'INVALID_ARGUMENT',
    );
    await expectSlipwayError(
      search({ filter: [clause('metric', 'loss', 'LIKE', '1%')] }),
      'INVALID_ARGUMENT',
    );
    await expectSlipwayError(
      search({ filter: [clause('tag', 'note', 'LIKE', 'abc\\')] }),
      'INVALID_ARGUMENT',
      'escape',
    );
    await expectSlipwayError(
      search({ filter: [clause('attribute', 'colour', '=', 'red')] }),
      'INVALID_ARGUMENT',
      'colour',
    );
  });

  describe('ordering', () => {
    /** Runs tied on start_time 300 come out by run id ascending. */
    const tiedAt300 = () =>
      [
        ['Beta', s.ids.Beta],
        ['gammaX1', s.ids.gammaX1],
      ]
        .sort((a, b) => ((a[1] ?? '') < (b[1] ?? '') ? -1 : 1))
        .map(([name]) => name);

    const ordered = async (...orderBy: OrderByClause[]) =>
      runNames((await search({ orderBy })).items);

    it('defaults to start_time DESC, then run_id ASC', async () => {
      expect(await ordered()).toEqual([...tiedAt300(), 'gamma_1', 'alpha']);
      expect(await ordered(order('attribute', 'start_time', true))).toEqual([
        'alpha',
        'gamma_1',
        ...tiedAt300(),
      ]);
    });

    it('orders by metrics with NaN after numbers and missing values last, both ways', async () => {
      expect(await ordered(order('metric', 'loss', true))).toEqual([
        'Beta',
        'alpha',
        'gamma_1',
        'gammaX1',
      ]);
      expect(await ordered(order('metric', 'loss', false))).toEqual([
        'gamma_1',
        'alpha',
        'Beta',
        'gammaX1',
      ]);
      // gamma_1 and gammaX1 lack acc: they tie and fall back to start_time DESC.
      expect(await ordered(order('metric', 'acc', true))).toEqual([
        'alpha',
        'Beta',
        'gammaX1',
        'gamma_1',
      ]);
      expect(await ordered(order('metric', 'acc', false))).toEqual([
        'alpha',
        'Beta',
        'gammaX1',
        'gamma_1',
      ]);
    });

    it('orders by params and tags bytewise with missing values last', async () => {
      expect(await ordered(order('param', 'lr', true))).toEqual([
        'gamma_1',
        'alpha',
        'Beta',
        'gammaX1',
      ]);
      expect(await ordered(order('param', 'lr', false))).toEqual([
        'Beta',
        'alpha',
        'gamma_1',
        'gammaX1',
      ]);
      expect(await ordered(order('tag', 'team', true))).toEqual([
        'alpha',
        'Beta',
        'gammaX1',
        'gamma_1',
      ]);
      expect(await ordered(order('tag', 'team', false))).toEqual([
        'Beta',
        'alpha',
        'gammaX1',
        'gamma_1',
      ]);
    });

    it('orders by attributes, a missing end time last both ways', async () => {
      expect(await ordered(order('attribute', 'end_time', false))).toEqual([
        'gammaX1',
        'gamma_1',
        'alpha',
        'Beta',
      ]);
      expect(await ordered(order('attribute', 'end_time', true))).toEqual([
        'alpha',
        'gamma_1',
        'gammaX1',
        'Beta',
      ]);
      expect(await ordered(order('attribute', 'run_name', true))).toEqual([
        'Beta',
        'alpha',
        'gammaX1',
        'gamma_1',
      ]);
      expect(
        await ordered(order('attribute', 'user_id', true), order('metric', 'loss', false)),
      ).toEqual(['gamma_1', 'alpha', 'Beta', 'gammaX1']);
    });
  });

  it('pages with limit, offset and nextOffset', async () => {
    const all = runNames((await search()).items);
    const walked: string[] = [];
    let offset: number | undefined = 0;
    let pages = 0;
    while (offset !== undefined) {
      const page = await search({ limit: 3, offset });
      walked.push(...runNames(page.items));
      offset = page.nextOffset;
      pages++;
    }
    expect(pages).toBe(2);
    expect(walked).toEqual(all);
    expect((await search({ limit: 4 })).nextOffset).toBeUndefined();
    expect((await search({ limit: 3 })).nextOffset).toBe(3);
  });

  it('honours view types and experiment ids', async () => {
    expect(runNames((await search({ viewType: 'DELETED_ONLY' })).items)).toEqual(['deleted']);
    expect(runNames((await search({ viewType: 'ALL' })).items).sort()).toEqual([
      'Beta',
      'alpha',
      'deleted',
      'gammaX1',
      'gamma_1',
    ]);
    expect(runNames((await search({ experimentIds: [s.e2] })).items)).toEqual(['other']);
    expect((await search({ experimentIds: [s.e1, s.e2] })).items).toHaveLength(5);
    expect((await search({ experimentIds: ['31337', 'junk'] })).items).toEqual([]);
    expect(await env.runs.listDeletedRunIds(61)).toEqual([s.ids.deleted]);
    expect(await env.runs.listDeletedRunIds(60)).toEqual([]);
  });

  it('returns full runs: latest metrics, params, tags and dataset inputs', async () => {
    const page = await search({ filter: [clause('attribute', 'run_id', '=', s.ids.alpha)] });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toEqual(await env.runs.get(s.ids.alpha));
    const alpha = page.items[0];
    expect(alpha?.data.metrics).toEqual([metric('acc', 0.9), metric('loss', 0.5, 1)]);
    expect(alpha?.data.params).toEqual([
      { key: 'lr', value: '0.01' },
      { key: 'opt', value: 'Adam' },
    ]);
    expect(alpha?.inputs.datasetInputs).toEqual([
      { tags: [{ key: CONTEXT, value: 'training' }], dataset: train },
    ]);
    const beta = (await search({ filter: [clause('attribute', 'run_name', '=', 'Beta')] }))
      .items[0];
    expect(Number.isNaN(beta?.data.metrics.find((m) => m.key === 'acc')?.value)).toBe(true);
  });
});
