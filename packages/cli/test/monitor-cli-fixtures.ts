import type { PredictionRecord } from '@slipway/core';
import type { RunningServer } from '@slipway/server';

const DAY = 86_400_000;

function record(n: number, x: number, time: number, version: string): PredictionRecord {
  return {
    requestId: `req-${version}-${n}-${time}`,
    deployment: 'fraud',
    modelName: 'fraud',
    modelVersion: version,
    variant: 'model',
    inputs: [{ name: 'x', datatype: 'FP64', shape: [1], data: [x] }],
    outputs: [{ name: 'y', datatype: 'FP64', shape: [1], data: [x] }],
    latencyMs: 1,
    status: 'ok',
    time,
  };
}

/**
 * The deployment `fraud` (its record only: a monitor reads the prediction log, not models) with
 * reference traffic in [0, 1) ten days before `now`, and in the last half hour version 1 alike
 * and version 2 shifted to 5 and more.
 */
export async function seedFraudTraffic(server: RunningServer, now: number): Promise<void> {
  await server.platform.database.db
    .insertInto('deployments')
    .values({
      name: 'fraud',
      spec: JSON.stringify({ name: 'fraud', policy: { type: 'single', model: 'models:/fraud/1' } }),
      resolved: JSON.stringify({ model: { name: 'fraud', version: '1' } }),
      runtime: '{}',
      revision: 1,
      created_at: now,
      updated_at: now,
      created_by: 'test',
      updated_by: 'test',
    })
    .execute();
  await server.platform.predictionLogStore.append([
    ...Array.from({ length: 60 }, (_, i) => record(i, i / 60, now - 10 * DAY + i, '1')),
    ...Array.from({ length: 40 }, (_, i) => record(i, i / 40, now - 1_800_000 + i, '1')),
    ...Array.from({ length: 40 }, (_, i) => record(i, 5 + i / 40, now - 1_800_000 + i, '2')),
  ]);
}
