import type { SlipwayClient } from '@slipway/sdk';
import { constantPredictor } from '../deployments/support/deployment-harness.js';
import { planned } from '../pipelines/pipeline-fixtures.js';

/** What `seedLineage` made: the ids lineage answers are checked against. */
export interface SeededLineage {
  dataset: string;
  pipelineRun: string;
  cachedRun: string;
  prepareRun: string;
  trainRun: string;
  model: string;
  deployment: string;
}

/**
 * One production loop, as the pipeline runner and the CLI record it: dataset `tx` version 1 read
 * by the `prepare` step's tracked run; `train` (needs prepare) logs to a run from which model
 * `churn` version 1 (alias champion) is registered; deployment `churn-live` serves it. A second
 * pipeline run reuses `prepare` from the first (cached).
 */
export async function seedLineage(admin: SlipwayClient): Promise<SeededLineage> {
  await admin.datasets.add('tx', [{ path: 'tx.csv', body: 'a,b\n1,2\n3,4\n' }]);
  const run = await admin.pipelines.createRun({
    pipeline: 'churn',
    steps: [planned('prepare'), planned('train', ['prepare'])],
  });
  const prepareRun = (await admin.runs.create({ runName: 'prepare-run' })).info.runId;
  const trainRun = (await admin.runs.create({ runName: 'train-run' })).info.runId;
  for (const [key, trackedRunId] of [
    ['prepare', prepareRun],
    ['train', trainRun],
  ] as const) {
    await admin.pipelines.startStep(run.runId, key, { worker: 'w1', trackedRunId });
    await admin.pipelines.finishStep(run.runId, key, {
      worker: 'w1',
      status: 'succeeded',
      outputs: [],
    });
  }
  await admin.datasets.link('tx', 1, prepareRun);
  await admin.models.create({ name: 'churn' });
  const version = await admin.models.createVersionFromFiles('churn', constantPredictor(0.5), {
    runId: trainRun,
  });
  await admin.models.setAlias('churn', 'champion', version.version);
  await admin.deployments.apply({
    name: 'churn-live',
    policy: { type: 'single', model: 'models:/churn@champion' },
  });
  const cached = await admin.pipelines.createRun({
    pipeline: 'churn',
    steps: [planned('prepare'), planned('train', ['prepare'])],
  });
  await admin.pipelines.finishStep(cached.runId, 'prepare', {
    status: 'cached',
    cachedFrom: { runId: run.runId, stepKey: 'prepare' },
  });
  return {
    dataset: 'datasets:/tx@1',
    pipelineRun: run.runId,
    cachedRun: cached.runId,
    prepareRun,
    trainRun,
    model: `models:/churn/${version.version}`,
    deployment: 'deployments:/churn-live',
  };
}
