import { beforeAll, describe, expect, it } from 'vitest';
import type { RunKeys } from '@slipway/core';
import { experimentKeys } from '../../src/storage/sql/experiment-keys.js';
import type { KeySearchTuning } from '../../src/storage/sql/experiment-keys.js';
import { SQL_BACKENDS } from '../support/sql-backends.js';
import { metric, newExperiment, newRun, useTrackingEnv } from './tracking-fixtures.js';
import type { TrackingEnv } from './tracking-fixtures.js';

interface RunKeysInput {
  params?: string[];
  metrics?: string[];
  tags?: string[];
  deleted?: boolean;
}

/**
 * A run with these keys, all holding `value` (so the key indexes, which order a key's entries
 * by value, put the runs logged with a smaller value first).
 */
async function runWithKeys(
  env: TrackingEnv,
  experimentId: string,
  value: 'a' | 'z',
  keys: RunKeysInput,
) {
  const runName = `${value}-${Math.random().toString(36).slice(2)}`;
  const { info } = await newRun(env, experimentId, { runName });
  await env.runs.logBatch(info.runId, {
    params: (keys.params ?? []).map((key) => ({ key, value })),
    metrics: (keys.metrics ?? []).map((key) => metric(key, value === 'a' ? 0 : 1)),
    tags: (keys.tags ?? []).map((key) => ({ key, value })),
  });
  if (keys.deleted) {
    await env.runs.update(info.runId, { lifecycleStage: 'deleted', deletedTime: 1 });
  }
}

// Every run gets the `mlflow.runName` tag from its name.
const ACTIVE: RunKeys = {
  params: ['Zeta', 'batch', 'depth', 'lr'],
  metrics: ['acc', 'loss'],
  tags: ['mlflow.runName', 'team'],
};
const DELETED: RunKeys = {
  params: ['gone_param'],
  metrics: ['gone_metric'],
  tags: ['gone_tag', 'mlflow.runName'],
};
const ALL: RunKeys = {
  params: ['Zeta', 'batch', 'depth', 'gone_param', 'lr'],
  metrics: ['acc', 'gone_metric', 'loss'],
  tags: ['gone_tag', 'mlflow.runName', 'team'],
};

/** Tunings that send the search down each of its paths; all must give the same answer. */
const PATHS: Array<[string, KeySearchTuning]> = [
  [
    'probing keys whose every entry is seen',
    { smallExperimentRuns: 0, maxProbedKeys: 100, probeRows: 1000, maxOpenKeys: 16 },
  ],
  [
    'probing one entry, then looking open keys up run by run',
    { smallExperimentRuns: 0, maxProbedKeys: 100, probeRows: 1, maxOpenKeys: 100 },
  ],
  [
    'probing one entry, then reading every row for too many open keys',
    { smallExperimentRuns: 0, maxProbedKeys: 100, probeRows: 1, maxOpenKeys: 0 },
  ],
  [
    'reading every row when the tables hold too many keys to probe',
    { smallExperimentRuns: 0, maxProbedKeys: 2, probeRows: 64, maxOpenKeys: 16 },
  ],
];

describe.each(SQL_BACKENDS)('RunStore.experimentKeys contract ($name)', (backend) => {
  const env = useTrackingEnv(backend, 'suite');
  let experimentId: string;
  let emptyId: string;

  beforeAll(async () => {
    experimentId = (await newExperiment(env)).experimentId;
    emptyId = (await newExperiment(env)).experimentId;
    const other = (await newExperiment(env)).experimentId;
    // Another experiment shares `lr` (and every run's `mlflow.runName`) and has keys of its own;
    // its entries come first in the key indexes, so probing one entry of a shared key finds none
    // of this experiment's and leaves the key open.
    for (let i = 0; i < 5; i++) {
      await runWithKeys(env, other, 'a', {
        params: ['lr', 'other_a', 'other_b'],
        metrics: ['other_metric'],
        tags: ['other_tag'],
      });
    }
    await runWithKeys(env, experimentId, 'z', {
      params: ['lr', 'batch', 'Zeta'],
      metrics: ['loss'],
      tags: ['team'],
    });
    await runWithKeys(env, experimentId, 'z', {
      params: ['lr', 'depth'],
      metrics: ['loss', 'acc'],
      tags: ['team'],
    });
    await runWithKeys(env, experimentId, 'z', {
      params: ['gone_param'],
      metrics: ['gone_metric'],
      tags: ['gone_tag'],
      deleted: true,
    });
  });

  it('lists the distinct keys of the runs in each lifecycle stage, sorted by code unit', async () => {
    expect(await env.runs.experimentKeys(experimentId, ['active'])).toEqual(ACTIVE);
    expect(await env.runs.experimentKeys(experimentId, ['deleted'])).toEqual(DELETED);
    expect(await env.runs.experimentKeys(experimentId, ['active', 'deleted'])).toEqual(ALL);
  });

  it('has no keys for an experiment without runs, an unknown one or a malformed id', async () => {
    const none = { params: [], metrics: [], tags: [] };
    expect(await env.runs.experimentKeys(emptyId, ['active'])).toEqual(none);
    expect(await env.runs.experimentKeys('987654', ['active'])).toEqual(none);
    expect(await env.runs.experimentKeys('not-an-id', ['active'])).toEqual(none);
  });

  it.each(PATHS)('gives the same keys %s', async (_path, tuning) => {
    expect(await experimentKeys(env.database, experimentId, ['active'], tuning)).toEqual(ACTIVE);
    expect(await experimentKeys(env.database, experimentId, ['deleted'], tuning)).toEqual(DELETED);
    expect(await experimentKeys(env.database, experimentId, ['active', 'deleted'], tuning)).toEqual(
      ALL,
    );
    expect(await experimentKeys(env.database, emptyId, ['active'], tuning)).toEqual({
      params: [],
      metrics: [],
      tags: [],
    });
  });
});
