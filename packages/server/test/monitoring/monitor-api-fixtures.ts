import type { MonitorRunResult, PredictionRecord } from '@slipway/core';
import type { Platform } from '@slipway/server';

/** A deployment's record only: monitors need it to exist, not to serve. */
export async function seedDeployment(platform: Platform, name: string, now: number): Promise<void> {
  const spec = { name, policy: { type: 'single', model: `models:/${name}/1` } };
  await platform.database.db
    .insertInto('deployments')
    .values({
      name,
      spec: JSON.stringify(spec),
      resolved: JSON.stringify({ model: { name, version: '1' } }),
      runtime: '{}',
      revision: 1,
      created_at: now,
      updated_at: now,
      created_by: 'test',
      updated_by: 'test',
    })
    .execute();
}

/** One logged prediction of `deployment` with a single numeric input column `x`. */
export function prediction(
  deployment: string,
  n: number,
  x: number,
  time: number,
  version = '1',
): PredictionRecord {
  return {
    requestId: `${deployment}-${version}-${n}-${time}`,
    deployment,
    modelName: deployment,
    modelVersion: version,
    variant: 'model',
    inputs: [{ name: 'x', datatype: 'FP64', shape: [1], data: [x] }],
    outputs: [{ name: 'y', datatype: 'FP64', shape: [1], data: [x] }],
    latencyMs: 1,
    status: 'ok',
    time,
  };
}

/** A run result as a runner would make it: version 2 drifted on x, all traffic did not. */
export function fakeRun(monitor: string, deployment: string, time: number): MonitorRunResult {
  const drift = (drifted: boolean, score: number) => ({
    datasetDrift: drifted,
    driftShare: drifted ? 1 : 0,
    driftShareThreshold: 0.5,
    numberOfColumns: 1,
    numberOfDriftedColumns: drifted ? 1 : 0,
    columns: [
      {
        column: 'x',
        type: 'numerical' as const,
        stattest: 'ks' as const,
        scoreKind: 'p_value' as const,
        score,
        threshold: 0.05,
        driftDetected: drifted,
        referenceCount: 100,
        currentCount: 50,
      },
    ],
  });
  return {
    monitor,
    deployment,
    time,
    windowStart: time - 3_600_000,
    windowEnd: time,
    trigger: 'manual',
    results: [
      { version: null, rows: 100, judged: true, drift: drift(false, 0.25) },
      {
        version: '2',
        rows: 50,
        judged: true,
        drift: drift(true, 0.001),
        performance: {
          task: 'regression',
          labelled: 50,
          coverage: 1,
          metrics: { mae: { value: 0.25 }, r2: { value: null, reason: 'constant labels' } },
        },
      },
    ],
  };
}
