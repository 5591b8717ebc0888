import { ANONYMOUS_CALLER } from '@slipway/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goldenBreastCancer, worstError } from './support/golden.js';
import { binaryBody, readInferResponse, startOipTestApp } from './support/oip-test-app.js';
import type { OipTestApp } from './support/oip-test-app.js';
import { RuntimeResolver } from './support/runtime-resolver.js';

const golden = goldenBreastCancer();
const rows = golden.inputs.length;
const width = golden.columns.length;

describe('OIP REST inference on the breast-cancer ONNX model', () => {
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

  const post = (path: string, body: RequestInit['body'], headers: Record<string, string> = {}) =>
    fetch(`${server.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  it("matches scikit-learn's outputs to 1e-5 with flat JSON data", async () => {
    const response = await post(
      '/v2/models/breast_cancer/infer',
      JSON.stringify({
        id: 'flat-1',
        inputs: [
          { name: 'input', datatype: 'FP32', shape: [rows, width], data: golden.inputs.flat() },
        ],
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('x-slipway-model-version')).toBe('3');
    const body = (await response.json()) as {
      model_name: string;
      model_version: string;
      id: string;
      outputs: { name: string; datatype: string; shape: number[]; data: number[] }[];
    };
    expect(body.model_name).toBe('breast_cancer');
    expect(body.model_version).toBe('3');
    expect(body.id).toBe('flat-1');
    expect(body.outputs).toHaveLength(1);
    const [output] = body.outputs;
    expect(output).toMatchObject({ name: 'probability', datatype: 'FP32', shape: [rows, 1] });
    expect(output?.data).toHaveLength(rows);
    expect(worstError(output?.data ?? [], golden.expected)).toBeLessThanOrEqual(1e-5);
  });

  it('accepts nested row-major data on the versioned URL and gives the same answer', async () => {
    const response = await post(
      '/v2/models/breast_cancer/versions/3/infer',
      JSON.stringify({
        inputs: [{ name: 'input', datatype: 'FP32', shape: [rows, width], data: golden.inputs }],
      }),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { id: string; outputs: { data: number[] }[] };
    expect(worstError(body.outputs[0]?.data ?? [], golden.expected)).toBeLessThanOrEqual(1e-5);
    // No id was sent: the server assigns one (a UUID) so the prediction can be referred to later.
    expect(body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('refuses FP64 data for an FP32 input, naming the tensor (lossy conversion)', async () => {
    const response = await post(
      '/v2/models/breast_cancer/infer',
      JSON.stringify({
        inputs: [{ name: 'input', datatype: 'FP64', shape: [1, width], data: golden.inputs[0] }],
      }),
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string };
    expect(body.error).toContain("'input'");
    expect(body.error).toContain('FP64');
  });

  it('reads a binary request and writes a binary response (Inference-Header-Content-Length)', async () => {
    const tensor = Buffer.alloc(rows * width * 4);
    golden.inputs.flat().forEach((value, index) => tensor.writeFloatLE(value, index * 4));
    const { body, headerLength } = binaryBody(
      {
        id: 'bin-1',
        inputs: [
          {
            name: 'input',
            datatype: 'FP32',
            shape: [rows, width],
            parameters: { binary_data_size: tensor.length },
          },
        ],
        outputs: [{ name: 'probability', parameters: { binary_data: true } }],
      },
      [tensor],
    );
    const response = await post('/v2/models/breast_cancer/infer', new Uint8Array(body), {
      'content-type': 'application/octet-stream',
      'inference-header-content-length': String(headerLength),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/octet-stream/);
    const parsed = await readInferResponse(response);
    expect(parsed.json.id).toBe('bin-1');
    const outputs = parsed.json.outputs as {
      name: string;
      shape: number[];
      parameters: Record<string, unknown>;
      data?: unknown;
    }[];
    expect(outputs).toEqual([
      {
        name: 'probability',
        datatype: 'FP32',
        shape: [rows, 1],
        parameters: { binary_data_size: rows * 4 },
      },
    ]);
    expect(parsed.binary.length).toBe(rows * 4);
    const values = Array.from({ length: rows }, (_, row) => parsed.binary.readFloatLE(row * 4));
    expect(worstError(values, golden.expected)).toBeLessThanOrEqual(1e-5);
  });

  it('answers a JSON request in binary when binary_data_output is set', async () => {
    const response = await post(
      '/v2/models/breast_cancer/infer',
      JSON.stringify({
        parameters: { binary_data_output: true },
        inputs: [
          { name: 'input', datatype: 'FP32', shape: [2, width], data: golden.inputs.slice(0, 2) },
        ],
      }),
    );
    const parsed = await readInferResponse(response);
    expect(parsed.status).toBe(200);
    expect(Number(response.headers.get('inference-header-content-length'))).toBe(
      Buffer.byteLength(parsed.text),
    );
    expect(parsed.binary.length).toBe(8);
    const values = [parsed.binary.readFloatLE(0), parsed.binary.readFloatLE(4)];
    expect(worstError(values, golden.expected)).toBeLessThanOrEqual(1e-5);
  });

  it('returns only the requested output, and rejects an unknown one', async () => {
    const ok = await post(
      '/v2/models/breast_cancer/infer',
      JSON.stringify({
        inputs: [{ name: 'input', datatype: 'FP32', shape: [1, width], data: golden.inputs[0] }],
        outputs: [{ name: 'probability' }],
      }),
    );
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { outputs: { name: string }[] };
    expect(body.outputs.map((output) => output.name)).toEqual(['probability']);

    const bad = await post(
      '/v2/models/breast_cancer/infer',
      JSON.stringify({
        inputs: [{ name: 'input', datatype: 'FP32', shape: [1, width], data: golden.inputs[0] }],
        outputs: [{ name: 'label' }],
      }),
    );
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain("Unknown output 'label'");
  });

  it('passes request parameters through to the target', async () => {
    const seen: unknown[] = [];
    const target = await resolver.resolve(ANONYMOUS_CALLER, 'breast_cancer');
    const spy = new RuntimeResolver();
    spy.resolve = async () => ({
      ...target,
      ready: true,
      infer: async (request) => {
        seen.push({
          parameters: request.parameters,
          id: request.id,
          key: request.headers['x-slipway-route-key'],
        });
        return { ...(await target.infer(request)), parameters: { served_by: 'spy', rank: 2 } };
      },
    });
    const spyServer = await startOipTestApp(spy);
    try {
      const response = await fetch(`${spyServer.baseUrl}/v2/models/breast_cancer/infer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-slipway-route-key': 'user-7' },
        body: JSON.stringify({
          id: 'p-1',
          parameters: { priority: 'high', retries: 3, trace: true },
          inputs: [{ name: 'input', datatype: 'FP32', shape: [1, width], data: golden.inputs[0] }],
        }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { parameters: unknown };
      expect(body.parameters).toEqual({ served_by: 'spy', rank: 2 });
      expect(seen).toEqual([
        { parameters: { priority: 'high', retries: 3, trace: true }, id: 'p-1', key: 'user-7' },
      ]);
    } finally {
      await spyServer.close();
    }
  });
});
