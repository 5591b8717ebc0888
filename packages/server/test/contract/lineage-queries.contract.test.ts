import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDeploymentSpec } from '@slipway/core';
import type { DatasetInput, NewDeploymentEvent } from '@slipway/core';
import { SqlDeploymentStore } from '../../src/storage/sql/deployment-store.js';
import { SqlExperimentStore } from '../../src/storage/sql/experiment-store.js';
import { SqlPipelineStore } from '../../src/storage/sql/pipeline-store.js';
import { SqlRunStore } from '../../src/storage/sql/run-store.js';
import type { SqlDatabase } from '../../src/storage/sql/sql-database.js';
import { SQL_BACKENDS } from '../support/sql-backends.js';
import { planned as step } from '../pipelines/pipeline-fixtures.js';

// The read-only queries lineage adds to RunStore, PipelineStore and DeploymentStore.

function slipwayInput(name: string, version: number, digest: string): DatasetInput {
  return {
    tags: [],
    dataset: { name, digest, sourceType: 'slipway', source: `datasets:/${name}@${version}` },
  };
}

const spec = (model: string) =>
  parseDeploymentSpec({ name: 'live', policy: { type: 'single', model } });
const applied = (time: number, version: string): NewDeploymentEvent => ({
  time,
  action: time === 1 ? 'created' : 'updated',
  reason: 'applied',
  actor: 'alice',
  details: { resolved: { model: { name: 'churn', version } }, revision: 1 },
});

describe.each(SQL_BACKENDS)('lineage queries ($name)', (backend) => {
  let database: SqlDatabase;
  let dispose: () => Promise<void>;
  let runs: SqlRunStore;
  let experimentId: string;

  beforeAll(async () => {
    const created = await backend.create();
    database = created.database;
    dispose = created.dispose;
    runs = new SqlRunStore(database);
    const experiment = await new SqlExperimentStore(database).create({
      name: 'lineage',
      defaultArtifactRoot: 'file:///tmp/a',
      tags: [],
      time: 1,
    });
    experimentId = experiment.experimentId;
  });
  afterAll(async () => {
    await database.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await dispose();
  });

  async function newRun(): Promise<string> {
    const runId = randomUUID().replaceAll('-', '');
    await runs.create({
      runId,
      experimentId,
      userId: 'alice',
      runName: runId,
      status: 'RUNNING',
      startTime: 1,
      artifactUri: 'file:///tmp/a',
      tags: [],
    });
    return runId;
  }

  it('RunStore.datasetLinks finds a run by its inputs and inputs by their source', async () => {
    const [a, b, c] = [await newRun(), await newRun(), await newRun()];
    await runs.logInputs(a, [slipwayInput('tx', 1, 'd1'), slipwayInput('other', 1, 'd9')]);
    await runs.logInputs(b, [slipwayInput('tx', 1, 'd1')]);
    await runs.logInputs(c, [
      { tags: [], dataset: { name: 'x', digest: 'd5', sourceType: 'local', source: '/x' } },
    ]);
    const bySource = await runs.datasetLinks({ sources: ['datasets:/tx@1'] });
    expect(bySource.map((l) => l.runId)).toEqual([a, b].sort());
    expect(bySource[0]).toMatchObject({ name: 'tx', digest: 'd1', sourceType: 'slipway' });
    const byRun = await runs.datasetLinks({ runIds: [a, c] });
    const expected = [
      { runId: a, source: 'datasets:/other@1' },
      { runId: a, source: 'datasets:/tx@1' },
      { runId: c, source: '/x' },
    ].sort((x, y) => (x.runId < y.runId ? -1 : x.runId > y.runId ? 1 : 0));
    expect(byRun.map((l) => ({ runId: l.runId, source: l.source }))).toEqual(expected);
    expect(await runs.datasetLinks({})).toEqual([]);
    expect(await runs.datasetLinks({ runIds: ['nope'], sources: ['datasets:/no@1'] })).toEqual([]);
  });

  it('PipelineStore finds the steps that logged to runs and the steps that reused a step', async () => {
    const store = new SqlPipelineStore(database);
    const first = await store.createRun({
      runId: randomUUID().replaceAll('-', ''),
      pipeline: 'churn',
      params: {},
      spec: {},
      trigger: { type: 'manual' },
      createdBy: 'alice',
      createdAt: 1,
      steps: [step('prepare'), step('train', ['prepare'])],
    });
    const second = await store.createRun({
      runId: randomUUID().replaceAll('-', ''),
      pipeline: 'churn',
      params: {},
      spec: {},
      trigger: { type: 'manual' },
      createdBy: 'alice',
      createdAt: 2,
      steps: [step('prepare'), step('train', ['prepare'])],
    });
    const any = { statuses: ['pending', 'queued', 'running'] as const };
    await store.transitionStep(
      first.runId,
      'train',
      any,
      { status: 'running', trackedRunId: 'r-train' },
      3,
    );
    await store.transitionStep(
      first.runId,
      'prepare',
      any,
      { status: 'running', trackedRunId: 'r-prep' },
      3,
    );
    await store.transitionStep(
      second.runId,
      'prepare',
      any,
      { status: 'cached', cachedFrom: { runId: first.runId, stepKey: 'prepare' } },
      4,
    );
    await store.transitionStep(
      second.runId,
      'train',
      any,
      { status: 'cached', cachedFrom: { runId: first.runId, stepKey: 'train' } },
      4,
    );

    expect(await store.stepsTrackedTo(['r-train', 'r-none'])).toEqual([
      { runId: first.runId, stepKey: 'train', trackedRunId: 'r-train' },
    ]);
    expect((await store.stepsTrackedTo(['r-train', 'r-prep'])).map((s) => s.stepKey)).toEqual([
      'prepare',
      'train',
    ]);
    expect(await store.stepsTrackedTo([])).toEqual([]);
    expect(await store.stepsCachedFrom([{ runId: first.runId, stepKey: 'prepare' }])).toEqual([
      {
        runId: second.runId,
        stepKey: 'prepare',
        cachedFrom: { runId: first.runId, stepKey: 'prepare' },
      },
    ]);
    expect(await store.stepsCachedFrom([{ runId: second.runId, stepKey: 'prepare' }])).toEqual([]);
  });

  it('DeploymentStore.servedVersions lists current and earlier versions of live deployments', async () => {
    const store = new SqlDeploymentStore(database);
    const v = (version: string) => ({ model: { name: 'churn', version } });
    await store.create(
      { name: 'live', spec: spec('models:/churn/1'), resolved: v('1'), runtime: {} },
      { actor: 'alice', time: 1 },
      [applied(1, '1')],
    );
    await store.update(
      'live',
      1,
      { spec: spec('models:/churn/2'), resolved: v('2') },
      { actor: 'alice', time: 2 },
      [applied(2, '2')],
    );
    // A deployment deleted and created again: its first life's versions are not its own.
    await store.create(
      { name: 'again', spec: spec('models:/churn/1'), resolved: v('1'), runtime: {} },
      { actor: 'alice', time: 1 },
      [{ ...applied(1, '1') }],
    );
    await store.delete('again', undefined, { actor: 'alice', time: 5 }, []);
    await store.create(
      { name: 'again', spec: spec('models:/churn/3'), resolved: v('3'), runtime: {} },
      { actor: 'alice', time: 6 },
      [{ ...applied(6, '3'), action: 'created' }],
    );

    expect(await store.servedVersions()).toEqual([
      { deployment: 'again', name: 'churn', version: '3', current: true },
      { deployment: 'live', name: 'churn', version: '1', current: false },
      { deployment: 'live', name: 'churn', version: '2', current: true },
    ]);
    expect((await store.servedVersions(['again'])).map((s) => s.version)).toEqual(['3']);
    expect(await store.servedVersions(['gone'])).toEqual([]);
    expect(await store.servedVersions([])).toEqual([]);
  });
});
