import { ANONYMOUS_CALLER } from '@slipway/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goldenBreastCancer } from './support/golden.js';
import { binaryBody, startOipTestApp } from './support/oip-test-app.js';
import type { OipTestApp } from './support/oip-test-app.js';
import { RuntimeResolver } from './support/runtime-resolver.js';

const golden = goldenBreastCancer();
const width = golden.columns.length;
const row = golden.inputs[0] ?? [];

function fp32(values: readonly number[]): Buffer {
  const buf = Buffer.alloc(values.length * 4);
  values.forEach((value, index) => buf.writeFloatLE(value, index * 4));
  return buf;
}

describe('OIP REST error paths answer {"error": "..."} with the right status', () => {
  const resolver = new RuntimeResolver();
  let server: OipTestApp;

  beforeAll(async () => {
    await resolver.loadAll();
    server = await startOipTestApp(resolver, { bodyLimitBytes: 64 * 1024 });
  });
  afterAll(async () => {
    await server.close();
    await resolver.close();
  });

  async function expectError(
    response: Response,
    status: number,
    ...fragments: string[]
  ): Promise<void> {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['error']);
    expect(typeof body.error).toBe('string');
    for (const fragment of fragments) expect(body.error).toContain(fragment);
  }

  const post = (path: string, body: RequestInit['body'], headers: Record<string, string> = {}) =>
    fetch(`${server.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
  const inferJson = (json: unknown, model = 'breast_cancer') =>
    post(`/v2/models/${model}/infer`, typeof json === 'string' ? json : JSON.stringify(json));
  const inferBinary = (json: unknown, tensors: Buffer[], headerLength?: string) => {
    const built = binaryBody(json, tensors);
    return post('/v2/models/breast_cancer/infer', new Uint8Array(built.body), {
      'content-type': 'application/octet-stream',
      'inference-header-content-length': headerLength ?? String(built.headerLength),
    });
  };
  const good = { name: 'input', datatype: 'FP32', shape: [1, width], data: row };

  it('404 for an unknown model, an unknown version, and an unknown /v2 route', async () => {
    await expectError(await inferJson({ inputs: [good] }, 'nope'), 404, "'nope'");
    await expectError(await fetch(`${server.baseUrl}/v2/models/nope`), 404, "'nope'");
    await expectError(await fetch(`${server.baseUrl}/v2/models/nope/ready`), 404);
    await expectError(
      await post('/v2/models/breast_cancer/versions/9/infer', JSON.stringify({ inputs: [good] })),
      404,
      'version 9',
    );
    await expectError(await fetch(`${server.baseUrl}/v2/models/breast_cancer/versions/9`), 404);
    await expectError(await fetch(`${server.baseUrl}/v2/nothing/here`), 404, '/v2/nothing/here');
  });

  it('400 for a missing input, naming it', async () => {
    await expectError(
      await inferJson({ inputs: [{ ...good, name: 'features' }] }),
      400,
      "Missing input tensor 'input'",
    );
    await expectError(await inferJson({ id: 'x' }), 400, '"inputs"');
  });

  it('400 for a wrong shape: against the model, and against the data', async () => {
    await expectError(
      await inferJson({ inputs: [{ ...good, shape: [1, width - 1], data: row.slice(1) }] }),
      400,
      "'input'",
      `[1, ${width - 1}]`,
    );
    await expectError(
      await inferJson({ inputs: [{ ...good, shape: [2, width] }] }),
      400,
      "'input'",
      `${2 * width} elements`,
    );
    await expectError(
      await inferJson({ inputs: [{ ...good, data: [row.slice(0, 10), row.slice(10, 25)] }] }),
      400,
      'ragged',
    );
    await expectError(await inferJson({ inputs: [{ ...good, shape: [1, -1] }] }), 400, 'Shape');
    await expectError(await inferJson({ inputs: [{ ...good, shape: 'big' }] }), 400, '"shape"');
  });

  it('400 for a wrong datatype: unknown name, lossy conversion, values outside the type', async () => {
    await expectError(
      await inferJson({ inputs: [{ ...good, datatype: 'FLOAT32' }] }),
      400,
      '"FLOAT32"',
      'FP32',
    );
    await expectError(
      await inferJson({ inputs: [{ ...good, datatype: 'FP64' }] }),
      400,
      'FP64',
      'FP32',
    );
    await expectError(
      await inferJson({ inputs: [{ ...good, datatype: 'INT8', data: row.map(() => 300) }] }),
      400,
      'INT8',
    );
    await expectError(
      await inferJson({ inputs: [{ ...good, data: row.map((v, i) => (i === 3 ? 'x' : v)) }] }),
      400,
      'element 3',
    );
  });

  it('400 for a body that is not valid JSON or not an inference request', async () => {
    await expectError(await inferJson('{"inputs": [ {"name": '), 400, 'not valid JSON');
    await expectError(await inferJson('[]'), 400, 'JSON object');
    await expectError(await inferJson(''), 400, 'empty');
    await expectError(await inferJson({ id: 7, inputs: [good] }), 400, '"id"');
    await expectError(await inferJson({ inputs: [good], parameters: { a: { b: 1 } } }), 400, "'a'");
    await expectError(
      await inferJson({ inputs: [{ ...good, data: undefined }] }),
      400,
      'no "data"',
    );
    await expectError(
      await inferJson({
        inputs: [good],
        outputs: [{ name: 'probability', parameters: { binary_data: 'yes' } }],
      }),
      400,
      'binary_data',
    );
  });

  it('400 for a bad Inference-Header-Content-Length and inconsistent binary sections', async () => {
    const bin = {
      name: 'input',
      datatype: 'FP32',
      shape: [1, width],
      parameters: { binary_data_size: width * 4 },
    };
    const tensor = fp32(row);
    await expectError(
      await inferBinary({ inputs: [bin] }, [tensor], 'abc'),
      400,
      'Inference-Header-Content-Length',
    );
    await expectError(
      await inferBinary({ inputs: [bin] }, [tensor], '-5'),
      400,
      'Inference-Header-Content-Length',
    );
    await expectError(
      await inferBinary({ inputs: [bin] }, [tensor], '100000'),
      400,
      'Inference-Header-Content-Length',
    );
    await expectError(await inferBinary({ inputs: [bin] }, [tensor], '10'), 400, 'not valid JSON');
    await expectError(
      await inferBinary({ inputs: [bin] }, [tensor.subarray(4)]),
      400,
      "'input'",
      'remain',
    );
    await expectError(
      await inferBinary({ inputs: [bin] }, [tensor, Buffer.from([1, 2])]),
      400,
      'binary section',
    );
    await expectError(
      await inferBinary({ inputs: [{ ...bin, parameters: { binary_data_size: 8 } }] }, [
        tensor.subarray(0, 8),
      ]),
      400,
      "'input'",
      'bytes',
    );
    await expectError(
      await inferBinary({ inputs: [{ ...bin, data: row }] }, [tensor]),
      400,
      'both',
    );
    await expectError(await inferJson({ inputs: [bin] }), 400, 'Inference-Header-Content-Length');
    await expectError(
      await inferBinary({ inputs: [{ ...bin, parameters: { binary_data_size: -4 } }] }, []),
      400,
      'binary_data_size',
    );
  });

  it('400 for BOOL bytes other than 0 and 1, and for truncated BYTES elements', async () => {
    const echoInputs = (override: Record<string, unknown>) => ({
      inputs: ['bool', 'bytes'].map((name) => ({
        name,
        datatype: name.toUpperCase(),
        shape: [1, 1],
        parameters: { binary_data_size: name === 'bool' ? 1 : 6 },
        ...(override[name] as object),
      })),
    });
    const built = binaryBody(echoInputs({}), [
      Buffer.from([2]),
      Buffer.from([9, 0, 0, 0, 104, 105]),
    ]);
    const response = await post('/v2/models/echo/infer', new Uint8Array(built.body), {
      'inference-header-content-length': String(built.headerLength),
    });
    await expectError(response, 400, "'bool'", '0 or 1');
    const built2 = binaryBody(echoInputs({}), [
      Buffer.from([1]),
      Buffer.from([9, 0, 0, 0, 104, 105]),
    ]);
    const response2 = await post('/v2/models/echo/infer', new Uint8Array(built2.body), {
      'inference-header-content-length': String(built2.headerLength),
    });
    await expectError(response2, 400, "'bytes'", '9 bytes');
  });

  it('413 for a body over the limit, declared or chunked', async () => {
    const big = JSON.stringify({ inputs: [{ ...good, data: new Array(20_000).fill(0.5) }] });
    await expectError(await inferJson(big), 413, 'limit');
    const chunks = [Buffer.from(big.slice(0, 40_000)), Buffer.from(big.slice(40_000))];
    const response = await fetch(`${server.baseUrl}/v2/models/breast_cancer/infer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({
        start(controller) {
          for (const chunk of chunks) controller.enqueue(new Uint8Array(chunk));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    await expectError(response, 413, 'limit');
  });

  it('400 for a compressed body, which the server does not decode', async () => {
    await expectError(
      await post('/v2/models/breast_cancer/infer', JSON.stringify({ inputs: [good] }), {
        'content-encoding': 'gzip',
      }),
      400,
      'Content-Encoding',
    );
  });

  it('503 for a model that is not ready, and for a server that is not ready', async () => {
    await resolver.unload(ANONYMOUS_CALLER, 'breast_cancer');
    try {
      await expectError(await inferJson({ inputs: [good] }), 503, "'breast_cancer'", 'not ready');
      await expectError(
        await fetch(`${server.baseUrl}/v2/models/breast_cancer/ready`),
        503,
        'not ready',
      );
      // Metadata stays available while the model is unloaded.
      expect((await fetch(`${server.baseUrl}/v2/models/breast_cancer`)).status).toBe(200);
    } finally {
      await resolver.load(ANONYMOUS_CALLER, 'breast_cancer');
    }
    resolver.ready = false;
    try {
      await expectError(await fetch(`${server.baseUrl}/v2/health/ready`), 503);
    } finally {
      resolver.ready = true;
    }
    expect((await inferJson({ inputs: [good] })).status).toBe(200);
  });

  it('500 with a generic message when a target fails unexpectedly', async () => {
    const failing = new RuntimeResolver();
    const target = await resolver.resolve(ANONYMOUS_CALLER, 'breast_cancer');
    failing.resolve = async () => ({
      ...target,
      ready: true,
      infer: () => Promise.reject(new Error('secret database password in stack')),
    });
    const failingServer = await startOipTestApp(failing);
    try {
      const response = await fetch(`${failingServer.baseUrl}/v2/models/breast_cancer/infer`, {
        method: 'POST',
        body: JSON.stringify({ inputs: [good] }),
      });
      expect(response.status).toBe(500);
      const body = (await response.json()) as { error: string };
      expect(body.error).toContain('Internal server error');
      expect(body.error).not.toContain('secret');
    } finally {
      await failingServer.close();
    }
  });
});
