import { describe, expect, it } from 'vitest';
import { parseRunFilter, parseRunOrderBy, type RunSearchQuery, type ViewType } from '@slipway/core';
import { runOrder } from '../../src/storage/sql/run-search-order.js';
import { walkMetricIndex } from '../../src/storage/sql/run-search-walk.js';
import { experimentIdToInt } from '../../src/storage/sql/tracking-rows.js';
import { SQL_BACKENDS } from '../support/sql-backends.js';
import {
  metric,
  newExperiment,
  newRun,
  useTrackingEnv,
  type TrackingEnv,
} from './tracking-fixtures.js';

/**
 * Search ordered by a metric answers from a walk of the metric's index when the first rows of that
 * index hold the page (run-search-walk.ts), and from the planner's full query otherwise. Both must
 * give exactly MLflow's order, so every page here is compared with a plain sort of the seeded runs
 * in memory: ties in value and start time, NaN, missing keys, deleted runs and a second experiment
 * sharing the metric keys all occur.
 */

interface Seed {
  runId: string;
  experiment: 'e1' | 'e2';
  deleted: boolean;
  startTime: number;
  status: 'RUNNING' | 'FINISHED';
  /** undefined: the run never logged the metric. */
  score: number | undefined;
  aux: number | undefined;
  opt: string;
  lr: string | undefined;
  team: string;
}

/** Park-Miller: the same runs on every machine, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 48_271) % 2_147_483_647;
    return s / 2_147_483_647;
  };
}

function makeSeeds(): Seed[] {
  const next = random(7);
  const seeds: Seed[] = [];
  for (let i = 0; i < 640; i++) {
    const r = next();
    seeds.push({
      runId: i.toString(16).padStart(32, '0').split('').reverse().join(''),
      experiment: i % 4 === 3 ? 'e2' : 'e1',
      deleted: i % 23 === 5,
      // Few distinct start times and scores, so the tie-breakers decide often.
      startTime: 1_000 + Math.floor(next() * 20),
      status: next() < 0.5 ? 'RUNNING' : 'FINISHED',
      score: r < 0.08 ? undefined : r < 0.12 ? Number.NaN : Math.round(next() * 40) / 40,
      aux: next() < 0.1 ? undefined : next(),
      opt: ['adam', 'sgd', 'rms'][Math.floor(next() * 3)] ?? 'adam',
      lr: next() < 0.2 ? undefined : String(Math.floor(next() * 5)),
      team: `t${Math.floor(next() * 30)}`,
    });
  }
  return seeds;
}

async function seedStore(
  env: TrackingEnv,
  seeds: readonly Seed[],
): Promise<Record<string, string>> {
  const experimentIds = {
    e1: (await newExperiment(env, 'walk-e1')).experimentId,
    e2: (await newExperiment(env, 'walk-e2')).experimentId,
  };
  for (const s of seeds) {
    await newRun(env, experimentIds[s.experiment], {
      runId: s.runId,
      startTime: s.startTime,
      runName: `r${s.runId.slice(0, 4)}`,
    });
    if (s.status === 'FINISHED')
      await env.runs.update(s.runId, { status: 'FINISHED', endTime: 5_000 });
    if (s.deleted) await env.runs.update(s.runId, { lifecycleStage: 'deleted', deletedTime: 9 });
    const metrics = [];
    if (s.score !== undefined) metrics.push(metric('score', s.score));
    if (s.aux !== undefined) metrics.push(metric('aux', s.aux));
    const params = [{ key: 'opt', value: s.opt }];
    if (s.lr !== undefined) params.push({ key: 'lr', value: s.lr });
    await env.runs.logBatch(s.runId, { metrics, params, tags: [{ key: 'team', value: s.team }] });
  }
  return experimentIds;
}

type Key = number | string | undefined;

/** MLflow's order: present values first (NaN after numbers), then start_time DESC, run_id ASC. */
function compareKey(a: Key, b: Key, ascending: boolean): number {
  const rank = (v: Key) => (v === undefined ? 2 : typeof v === 'number' && Number.isNaN(v) ? 1 : 0);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (rank(a) !== 0 || a === b) return 0;
  const less = (a as number | string) < (b as number | string);
  return (less ? -1 : 1) * (ascending ? 1 : -1);
}

interface Case {
  name: string;
  filter?: string;
  orderBy: string[];
  keep: (s: Seed) => boolean;
  keys: ((s: Seed) => Key)[];
  ascending: boolean[];
  experiments?: ('e1' | 'e2')[];
  viewType?: ViewType;
  /** Whether a window of the metric's index holds the page (offset 2, limit 4). */
  walks: boolean;
}

function expected(seeds: readonly Seed[], c: Case): string[] {
  const experiments = c.experiments ?? ['e1'];
  const stage = c.viewType ?? 'ACTIVE_ONLY';
  return seeds
    .filter((s) => experiments.includes(s.experiment))
    .filter((s) => stage === 'ALL' || (stage === 'DELETED_ONLY') === s.deleted)
    .filter(c.keep)
    .sort((a, b) => {
      for (let i = 0; i < c.keys.length; i++) {
        const key = c.keys[i]!;
        const d = compareKey(key(a), key(b), c.ascending[i]!);
        if (d !== 0) return d;
      }
      return b.startTime - a.startTime || (a.runId < b.runId ? -1 : 1);
    })
    .map((s) => s.runId);
}

const gt = (v: number | undefined, x: number) => v !== undefined && !Number.isNaN(v) && v > x;

const CASES: Case[] = [
  {
    name: 'best scores',
    orderBy: ['metrics.score DESC'],
    keep: () => true,
    keys: [(s) => s.score],
    ascending: [false],
    walks: true,
  },
  {
    name: 'lowest scores',
    orderBy: ['metrics.score ASC'],
    keep: () => true,
    keys: [(s) => s.score],
    ascending: [true],
    walks: true,
  },
  {
    name: 'a param equality and a metric range',
    filter: "params.opt = 'adam' and metrics.aux > 0.3",
    orderBy: ['metrics.score DESC'],
    keep: (s) => s.opt === 'adam' && gt(s.aux, 0.3),
    keys: [(s) => s.score],
    ascending: [false],
    walks: true,
  },
  {
    name: 'a rare tag and metric (no window holds the page, then the planner answers)',
    filter: "tags.team = 't3' and metrics.aux > 0.6",
    orderBy: ['metrics.score DESC'],
    keep: (s) => s.team === 't3' && gt(s.aux, 0.6),
    keys: [(s) => s.score],
    ascending: [false],
    walks: false,
  },
  {
    name: 'a second order key and an attribute filter',
    filter: "attributes.status = 'FINISHED'",
    orderBy: ['metrics.score ASC', 'params.lr DESC'],
    keep: (s) => s.status === 'FINISHED',
    keys: [(s) => s.score, (s) => s.lr],
    ascending: [true, false],
    walks: true,
  },
  {
    name: 'both experiments, deleted runs included',
    orderBy: ['metrics.aux DESC'],
    keep: () => true,
    keys: [(s) => s.aux],
    ascending: [false],
    experiments: ['e1', 'e2'],
    viewType: 'ALL',
    walks: true,
  },
  {
    name: 'deleted runs only',
    orderBy: ['metrics.score DESC'],
    keep: () => true,
    keys: [(s) => s.score],
    ascending: [false],
    viewType: 'DELETED_ONLY',
    walks: true,
  },
];

describe.each(SQL_BACKENDS)('search ordered by a metric at scale ($name)', (backend) => {
  const env = useTrackingEnv(backend, 'suite');
  const seeds = makeSeeds();
  let ids: Record<string, string> = {};

  const query = (c: Case, limit: number, offset: number): RunSearchQuery => ({
    experimentIds: (c.experiments ?? ['e1']).map((e) => ids[e]!),
    filter: parseRunFilter(c.filter),
    orderBy: parseRunOrderBy(c.orderBy),
    viewType: c.viewType ?? 'ACTIVE_ONLY',
    limit,
    offset,
  });

  it('seeds the runs', async () => {
    ids = await seedStore(env, seeds);
  }, 120_000);

  it.each(CASES)('pages through $name in MLflow order', async (c) => {
    const want = expected(seeds, c);
    expect(want.length).toBeGreaterThan(5);
    for (const limit of [6, 40]) {
      const got: string[] = [];
      let offset: number | undefined = 0;
      while (offset !== undefined) {
        const page = await env.runs.search(query(c, limit, offset));
        got.push(...page.items.map((r) => r.info.runId));
        offset = page.nextOffset;
      }
      expect(got).toEqual(want);
    }
  });

  it('answers first pages from the index walk itself', async () => {
    for (const c of CASES.filter((k) => k.walks)) {
      const q = query(c, 4, 2);
      const experimentIds = q.experimentIds.map((e) => experimentIdToInt(e)!);
      const rows = await walkMetricIndex(
        env.database,
        q,
        experimentIds,
        runOrder(backend.name, q.orderBy),
      );
      expect(rows, c.name).toBeDefined();
      expect(
        rows!.map((r) => r.run_id),
        c.name,
      ).toEqual(expected(seeds, c).slice(2, 7));
    }
  });

  it('leaves a window without enough matches to the planner', async () => {
    for (const c of CASES.filter((k) => !k.walks)) {
      const q = query(c, 4, 2);
      const experimentIds = q.experimentIds.map((e) => experimentIdToInt(e)!);
      const order = runOrder(backend.name, q.orderBy);
      expect(await walkMetricIndex(env.database, q, experimentIds, order), c.name).toBeUndefined();
    }
  });

  it('returns runs without children when only their info is asked for', async () => {
    const c = CASES[0]!;
    const page = await env.runs.search({ ...query(c, 5, 0), infoOnly: true });
    expect(page.items.map((r) => r.info.runId)).toEqual(expected(seeds, c).slice(0, 5));
    for (const run of page.items) {
      expect(run.data).toEqual({ metrics: [], params: [], tags: [] });
      expect(run.info.runName).toMatch(/^r/);
    }
    const full = await env.runs.search(query(c, 5, 0));
    expect(full.items.every((r) => r.data.params.length > 0)).toBe(true);
  });
});
