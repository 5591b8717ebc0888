import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOipTestApp } from './support/oip-test-app.js';
import type { OipTestApp } from './support/oip-test-app.js';
import { ECHO_INPUTS, RuntimeResolver } from './support/runtime-resolver.js';

const serverPackage = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
) as { version: string };

describe('OIP REST health and metadata', () => {
  const resolver = new RuntimeResolver();
  let server: OipTestApp;

  beforeAll(async () => {
    await resolver.loadAll();
    server = await startOipTestApp(resolver);
  });
  afterAll(async () => {
    await server.close();
    await resolver.close();
  });

  const get = (path: string) => fetch(`${server.baseUrl}${path}`);

  it('live and ready answer 200 with an empty body', async () => {
    for (const path of ['/v2/health/live', '/v2/health/ready']) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(await response.text(), path).toBe('');
    }
  });

  it('server metadata names the server, its version and its extensions', async () => {
    const response = await get('/v2');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      name: 'slipway',
      version: serverPackage.version,
      extensions: ['binary_tensor_data', 'model_repository'],
    });
  });

  it("model metadata reports the ONNX model's signature, with and without a version", async () => {
    const expected = {
      name: 'breast_cancer',
      versions: ['3'],
      platform: 'onnxruntime_onnx',
      inputs: [{ name: 'input', datatype: 'FP32', shape: [-1, 30] }],
      outputs: [{ name: 'probability', datatype: 'FP32', shape: [-1, 1] }],
    };
    for (const path of ['/v2/models/breast_cancer', '/v2/models/breast_cancer/versions/3']) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(await response.json(), path).toEqual(expected);
    }
  });

  it("model metadata reports a js predictor's declared signature", async () => {
    const body = (await (await get('/v2/models/echo')).json()) as {
      platform: string;
      inputs: unknown[];
      outputs: { name: string }[];
    };
    expect(body.platform).toBe('slipway_js');
    expect(body.inputs).toEqual(ECHO_INPUTS);
    expect(body.outputs.map((output) => output.name)).toEqual(
      ECHO_INPUTS.map((input) => `${input.name}_out`),
    );
  });

  it('model ready answers 200 with and without a version', async () => {
    for (const path of ['/v2/models/echo/ready', '/v2/models/echo/versions/1/ready']) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(await response.text()).toBe('');
    }
  });
});
