import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlipwayClient, SlipwayError } from '@slipway/sdk';
import { startTestServer } from './test-server.js';
import type { TestServer } from './test-server.js';

const ONNX_MODEL = new URL(
  '../../server/test/fixtures/models/breast_cancer_logreg.onnx',
  import.meta.url,
);

let server: TestServer;
let client: SlipwayClient;
let experimentId: string;
let runId: string;
beforeAll(async () => {
  server = await startTestServer();
  client = new SlipwayClient({ baseUrl: server.url });
  experimentId = (await client.experiments.create({ name: 'views' })).experimentId;
  const run = await client.runs.create({ experimentId, tags: [{ key: 'team', value: 'risk' }] });
  runId = run.info.runId;
  const metrics = Array.from({ length: 100 }, (_, step) => ({ key: 'loss', value: step, step }));
  await client.runs.logBatch(runId, { metrics, params: [{ key: 'lr', value: '0.1' }] });
});
afterAll(async () => server.close());

describe('what the web UI reads', () => {
  it('runs.getMetricHistoryInterval samples a metric on the server', async () => {
    const [history] = await client.runs.getMetricHistoryInterval([runId], 'loss', {
      maxResults: 10,
    });
    expect(history?.runId).toBe(runId);
    // 100 steps, every 10th kept, plus the last.
    expect(history?.metrics.map((m) => m.step)).toEqual([
      0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 99,
    ]);
    const zoomed = await client.runs.getMetricHistoryInterval([runId], 'loss', {
      startStep: 40,
      endStep: 42,
    });
    expect(zoomed[0]?.metrics.map((m) => m.value)).toEqual([40, 41, 42]);
    const refused = client.runs.getMetricHistoryInterval([runId], 'loss', { maxResults: 5000 });
    await expect(refused).rejects.toBeInstanceOf(SlipwayError);
    await expect(refused).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('experiments.keys lists the columns a runs table can show', async () => {
    const keys = await client.experiments.keys(experimentId);
    expect(keys).toMatchObject({ params: ['lr'], metrics: ['loss'], tags: ['team'] });
    expect(keys.systemTags).toContain('mlflow.runName');
    expect(await client.experiments.keys(experimentId, { viewType: 'DELETED_ONLY' })).toEqual({
      params: [],
      metrics: [],
      tags: [],
      systemTags: [],
    });
  });

  it("artifacts.signature reads an ONNX artifact's inputs and outputs", async () => {
    await client.artifacts.upload(runId, 'model/model.onnx', readFileSync(ONNX_MODEL));
    const signature = await client.artifacts.signature(runId, 'model/model.onnx');
    expect(signature.inputs).toEqual([
      { name: 'input', isTensor: true, datatype: 'FP32', shape: ['batch', 30] },
    ]);
    expect(signature.outputs[0]?.name).toBe('probability');
  });
});
