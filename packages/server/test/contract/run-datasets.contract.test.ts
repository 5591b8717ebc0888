import { describe, expect, it } from 'vitest';
import type { DatasetInput } from '@slipway/core';
import { SQL_BACKENDS } from '../support/sql-backends.js';
import { newExperiment, newRun, useTrackingEnv, type TrackingEnv } from './tracking-fixtures.js';

const CONTEXT = 'mlflow.data.context';

function input(name: string, digest: string, context?: string): DatasetInput {
  return {
    tags: context === undefined ? [] : [{ key: CONTEXT, value: context }],
    dataset: { name, digest, sourceType: 'local', source: `{"uri":"/data/${name}"}` },
  };
}

async function runUsing(env: TrackingEnv, experimentId: string, inputs: DatasetInput[]) {
  const run = await newRun(env, experimentId);
  await env.runs.logInputs(run.info.runId, inputs);
  return run.info.runId;
}

describe.each(SQL_BACKENDS)('RunStore.searchDatasets contract ($name)', (backend) => {
  const env = useTrackingEnv(backend);

  it('lists each dataset once per context, ordered, only for the experiments asked', async () => {
    const a = (await newExperiment(env, 'datasets-a')).experimentId;
    const b = (await newExperiment(env, 'datasets-b')).experimentId;
    const other = (await newExperiment(env, 'datasets-other')).experimentId;
    await runUsing(env, a, [input('train', 'd1', 'training'), input('eval', 'd2', 'eval')]);
    // The same dataset in another context, and again in a context already listed.
    await runUsing(env, a, [input('train', 'd1', 'eval')]);
    await runUsing(env, a, [input('train', 'd1', 'training')]);
    // An input without a context tag counts as no context; another tag is not a context.
    await runUsing(env, a, [input('Zeta', 'd3')]);
    await runUsing(env, a, [
      {
        tags: [{ key: 'mlflow.data.other', value: 'x' }],
        dataset: input('train', 'd1').dataset,
      },
    ]);
    // A second version of a dataset (another digest) is another summary.
    await runUsing(env, b, [input('train', 'd9', 'training')]);
    await runUsing(env, other, [input('secret', 'd0', 'training')]);

    const summaries = await env.runs.searchDatasets([b, a], 1000);
    const experimentsInOrder = [a, b].sort((x, y) => Number(x) - Number(y));
    const expected = {
      [a]: [
        // Bytewise: upper case before lower case on both backends.
        { experimentId: a, name: 'Zeta', digest: 'd3' },
        { experimentId: a, name: 'eval', digest: 'd2', context: 'eval' },
        { experimentId: a, name: 'train', digest: 'd1' },
        { experimentId: a, name: 'train', digest: 'd1', context: 'eval' },
        { experimentId: a, name: 'train', digest: 'd1', context: 'training' },
      ],
      [b]: [{ experimentId: b, name: 'train', digest: 'd9', context: 'training' }],
    };
    expect(summaries).toEqual(experimentsInOrder.flatMap((id) => expected[id] ?? []));
  });

  it('counts datasets of deleted runs, as MLflow does, and caps the answer at the limit', async () => {
    const exp = (await newExperiment(env)).experimentId;
    const runId = await runUsing(env, exp, [
      input('a', '1', 'training'),
      input('b', '2', 'training'),
      input('c', '3', 'training'),
    ]);
    await env.runs.update(runId, { lifecycleStage: 'deleted', deletedTime: 5 });
    expect((await env.runs.searchDatasets([exp], 1000)).map((s) => s.name)).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect((await env.runs.searchDatasets([exp], 2)).map((s) => s.name)).toEqual(['a', 'b']);
  });

  it('answers nothing for experiments without datasets, unknown or malformed ids', async () => {
    const exp = (await newExperiment(env)).experimentId;
    await newRun(env, exp);
    expect(await env.runs.searchDatasets([exp], 1000)).toEqual([]);
    expect(await env.runs.searchDatasets(['987654', 'not-a-number', '99999999999'], 1000)).toEqual(
      [],
    );
    expect(await env.runs.searchDatasets([], 1000)).toEqual([]);
  });
});
