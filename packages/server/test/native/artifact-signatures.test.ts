import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACT_SIGNATURE_MAX_BYTES, nativeRoutes as r } from '@slipway/core';
import { as, call, openNativeHarness } from './native-harness.js';
import type { NativeHarness } from './native-harness.js';

const MODELS = new URL('../fixtures/models/', import.meta.url);

let h: NativeHarness;
let runId: string;

async function upload(path: string, payload: Buffer | string) {
  const res = await call(h, r.uploadRunArtifact, {
    params: { runId, path },
    payload,
    headers: { 'content-type': 'application/octet-stream' },
  });
  expect(res.status).toBe(204);
}

function signature(path: string, headers: Record<string, string> = {}) {
  return call(h, r.getRunArtifactSignature, { params: { runId, path }, headers });
}

beforeAll(async () => {
  h = await openNativeHarness({
    users: ['bob'],
    artifactLimitBytes: ARTIFACT_SIGNATURE_MAX_BYTES + 1024 * 1024,
  });
  const exp = await call(h, r.createExperiment, { body: { name: 'previews' } });
  const experimentId: string = exp.json.experiment.experimentId;
  const run = await call(h, r.createRun, { body: { experimentId } });
  runId = run.json.run.info.runId;
  await upload('model/model.onnx', readFileSync(new URL('breast_cancer_logreg.onnx', MODELS)));
  await upload('tree/Diabetes.ONNX', readFileSync(new URL('diabetes_tree.onnx', MODELS)));
  await call(h, r.setExperimentPermission, {
    params: { experimentId, username: 'bob' },
    body: { permission: 'NO_PERMISSIONS' },
  });
});
afterAll(async () => h.close());

describe('GET /api/v1/runs/{runId}/artifact-signatures/{path}', () => {
  it("reads an ONNX model's inputs and outputs with their datatypes and shapes", async () => {
    // scikit-learn's logistic regression on the 30 breast-cancer features (the golden model).
    const res = await signature('model/model.onnx');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      path: 'model/model.onnx',
      format: 'onnx',
      inputs: [{ name: 'input', isTensor: true, datatype: 'FP32', shape: ['batch', 30] }],
      outputs: [{ name: 'probability', isTensor: true, datatype: 'FP32', shape: ['batch', 1] }],
    });
    const tree = await signature('tree/Diabetes.ONNX');
    expect(tree.json.inputs).toEqual([
      { name: 'input', isTensor: true, datatype: 'FP32', shape: ['batch', 10] },
    ]);
    expect(tree.json.outputs).toEqual([
      { name: 'variable', isTensor: true, datatype: 'FP32', shape: ['batch', 1] },
    ]);
  });

  it('refuses a file that is not ONNX with 400, before and after reading it', async () => {
    await upload('notes.txt', 'hello');
    const text = await signature('notes.txt');
    expect(text.status).toBe(400);
    expect(text.json.error.message).toBe(
      "'notes.txt' is not an ONNX model: only .onnx artifacts have a signature to preview.",
    );
    await upload('broken.onnx', 'not a protobuf at all');
    const broken = await signature('broken.onnx');
    expect(broken.status).toBe(400);
    expect(broken.json.error.message).toContain(
      "'broken.onnx' is not a model ONNX Runtime can load",
    );
  });

  it('refuses a file over the size cap with 413', async () => {
    await upload('huge.onnx', Buffer.alloc(ARTIFACT_SIGNATURE_MAX_BYTES + 1));
    const res = await signature('huge.onnx');
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(res.json.error.message).toContain('larger than 32 MiB');
  });

  it('answers 404 for a missing file or run and 403 without READ on the run', async () => {
    expect((await signature('missing.onnx')).status).toBe(404);
    const noRun = await call(h, r.getRunArtifactSignature, {
      params: { runId: 'f00d', path: 'model/model.onnx' },
    });
    expect(noRun.status).toBe(404);
    const refused = await signature('model/model.onnx', as('bob'));
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('PERMISSION_DENIED');
  });
});
