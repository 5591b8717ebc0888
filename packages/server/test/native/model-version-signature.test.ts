import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeRoutes as r } from '@slipway/core';
import { as, call, openNativeHarness } from './native-harness.js';
import type { NativeHarness } from './native-harness.js';

const ONNX = readFileSync(new URL('../fixtures/models/breast_cancer_logreg.onnx', import.meta.url));
const OCTETS = { 'content-type': 'application/octet-stream' };

let h: NativeHarness;
let runId: string;

async function uploadToRun(path: string, payload: Buffer | string): Promise<void> {
  const res = await call(h, r.uploadRunArtifact, {
    params: { runId, path },
    payload,
    headers: OCTETS,
  });
  expect(res.status).toBe(204);
}

async function register(source: string): Promise<string> {
  const res = await call(h, r.createModelVersion, { params: { name: 'scorer' }, body: { source } });
  expect(res.status).toBe(201);
  return res.json.modelVersion.version;
}

function signature(version: string, headers: Record<string, string> = {}) {
  return call(h, r.getModelVersionSignature, { params: { name: 'scorer', version }, headers });
}

beforeAll(async () => {
  h = await openNativeHarness({ users: ['bob'] });
  const exp = await call(h, r.createExperiment, { body: { name: 'signatures' } });
  const run = await call(h, r.createRun, {
    body: { experimentId: exp.json.experiment.experimentId },
  });
  runId = run.json.run.info.runId;
  await uploadToRun('model/model.onnx', ONNX);
  await uploadToRun('single/only.onnx', ONNX);
  await uploadToRun('notes/readme.txt', 'no model here');
  await call(h, r.createRegisteredModel, { body: { name: 'scorer' } });
});
afterAll(async () => h.close());

describe('GET /api/v1/models/{name}/versions/{version}/signature', () => {
  it("reads a version without a manifest from its single .onnx file's graph", async () => {
    const version = await register(`runs:/${runId}/model`);
    const res = await signature(version);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      name: 'scorer',
      version,
      source: 'onnx',
      path: 'model.onnx',
      inputs: [{ name: 'input', isTensor: true, datatype: 'FP32', shape: ['batch', 30] }],
      outputs: [{ name: 'probability', isTensor: true, datatype: 'FP32', shape: ['batch', 1] }],
    });
    // A source naming the file itself.
    const single = await signature(await register(`runs:/${runId}/single/only.onnx`));
    expect(single.json).toMatchObject({ source: 'onnx', path: 'only.onnx' });
  });

  it("reads a manifest's signature, with the column names of a tabular input", async () => {
    const uploadId = 'upload-with-manifest';
    const manifest = {
      formatVersion: 1,
      flavor: 'onnx',
      modelFile: 'model.onnx',
      signature: {
        columns: [
          { name: 'amount', type: 'float' },
          { name: 'merchant_risk', type: 'double' },
          { name: 'hour', type: 'integer' },
        ],
        outputs: [{ name: 'probability', datatype: 'FP32', shape: [-1, 1] }],
      },
    };
    for (const [path, payload] of [
      ['model.onnx', ONNX],
      ['slipway-model.json', JSON.stringify(manifest)],
    ] as const) {
      const res = await call(h, r.uploadModelFile, {
        params: { name: 'scorer', uploadId, path },
        payload,
        headers: OCTETS,
      });
      expect(res.status).toBe(204);
    }
    const version = await register(`mlflow-artifacts:/models/scorer/${uploadId}`);
    const res = await signature(version);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      name: 'scorer',
      version,
      source: 'manifest',
      path: 'slipway-model.json',
      inputs: [
        {
          name: 'input',
          isTensor: true,
          datatype: 'FP32',
          shape: [-1, 3],
          columns: manifest.signature.columns,
        },
      ],
      outputs: [{ name: 'probability', isTensor: true, datatype: 'FP32', shape: [-1, 1] }],
    });
  });

  it('says why files without a manifest or an .onnx file have no signature', async () => {
    const res = await signature(await register(`runs:/${runId}/notes`));
    expect(res.status).toBe(412);
    expect(res.json.error.code).toBe('FAILED_PRECONDITION');
    expect(res.json.error.message).toContain('no slipway-model.json and no .onnx files');
  });

  it('answers 404 for a missing version and 403 without READ on the model', async () => {
    expect((await signature('99')).status).toBe(404);
    await call(h, r.setRegisteredModelPermission, {
      params: { name: 'scorer', username: 'bob' },
      body: { permission: 'NO_PERMISSIONS' },
    });
    const refused = await signature('1', as('bob'));
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('PERMISSION_DENIED');
  });
});
