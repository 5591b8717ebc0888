import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { status } from '@grpc/grpc-js';
import { buildHttpApp } from '../../src/http/build-app.js';
import { protocolResolver } from '../../src/http/oip/oip-plugin.js';
import { openPlatform } from '../../src/platform.js';
import type { Platform } from '../../src/platform.js';
import {
  ARBITRARY_BYTES_RAW,
  DATATYPE_SAMPLES,
  INT64_EXTREMES,
  UINT64_EXTREMES,
} from './support/datatype-samples.js';
import { binaryBody, readInferResponse, startOipTestApp } from './support/oip-test-app.js';
import type { OipTestApp } from './support/oip-test-app.js';
import { startGrpcHarness } from '../grpc/support/grpc-harness.js';
import type { GrpcHarness } from '../grpc/support/grpc-harness.js';
import { RuntimeResolver, echoModel } from './support/runtime-resolver.js';

interface OutputJson {
  name: string;
  datatype: string;
  shape: number[];
  parameters?: { binary_data_size?: number };
  data?: unknown[];
}

describe('OIP REST round trip of every datatype through the echo predictor', () => {
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

  const infer = (body: RequestInit['body'], headers: Record<string, string> = {}) =>
    fetch(`${server.baseUrl}/v2/models/echo/infer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  it('JSON in, JSON out: every datatype comes back with its values', async () => {
    const response = await infer(
      JSON.stringify({
        inputs: DATATYPE_SAMPLES.map((s) => ({
          name: s.name,
          datatype: s.datatype,
          shape: s.shape,
          data: s.json,
        })),
      }),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { outputs: OutputJson[] };
    expect(body.outputs).toHaveLength(DATATYPE_SAMPLES.length);
    for (const sample of DATATYPE_SAMPLES) {
      const output = body.outputs.find((o) => o.name === `${sample.name}_out`);
      expect(output, sample.datatype).toEqual({
        name: `${sample.name}_out`,
        datatype: sample.datatype,
        shape: [2, 2],
        data: sample.jsonOut,
      });
    }
  });

  it('accepts nested data for every datatype', async () => {
    const nested = (values: unknown[]) => [values.slice(0, 2), values.slice(2)];
    const response = await infer(
      JSON.stringify({
        inputs: DATATYPE_SAMPLES.map((s) => ({
          name: s.name,
          datatype: s.datatype,
          shape: s.shape,
          data: nested(s.json),
        })),
      }),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { outputs: OutputJson[] };
    expect(body.outputs.map((o) => o.data)).toEqual(DATATYPE_SAMPLES.map((s) => s.jsonOut));
  });

  it('binary in, binary out: every datatype comes back byte for byte', async () => {
    const { body, headerLength } = binaryBody(
      {
        parameters: { binary_data_output: true },
        inputs: DATATYPE_SAMPLES.map((s) => ({
          name: s.name,
          datatype: s.datatype,
          shape: s.shape,
          parameters: { binary_data_size: s.raw.length },
        })),
      },
      DATATYPE_SAMPLES.map((s) => s.raw),
    );
    const response = await infer(new Uint8Array(body), {
      'content-type': 'application/octet-stream',
      'inference-header-content-length': String(headerLength),
    });
    const parsed = await readInferResponse(response);
    expect(parsed.status).toBe(200);
    const outputs = parsed.json.outputs as OutputJson[];
    let offset = 0;
    for (const [index, sample] of DATATYPE_SAMPLES.entries()) {
      const output = outputs[index];
      expect(output, sample.datatype).toEqual({
        name: `${sample.name}_out`,
        datatype: sample.datatype,
        shape: [2, 2],
        parameters: { binary_data_size: sample.raw.length },
      });
      expect(
        parsed.binary.subarray(offset, offset + sample.raw.length).equals(sample.raw),
        sample.datatype,
      ).toBe(true);
      offset += sample.raw.length;
    }
    expect(offset).toBe(parsed.binary.length);
  });

  it('binary in, JSON out: the server decodes the binary layout of every datatype', async () => {
    const { body, headerLength } = binaryBody(
      {
        inputs: DATATYPE_SAMPLES.map((s) => ({
          name: s.name,
          datatype: s.datatype,
          shape: s.shape,
          parameters: { binary_data_size: s.raw.length },
        })),
      },
      DATATYPE_SAMPLES.map((s) => s.raw),
    );
    const response = await infer(new Uint8Array(body), {
      'inference-header-content-length': String(headerLength),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('inference-header-content-length')).toBeNull();
    const json = (await response.json()) as { outputs: OutputJson[] };
    expect(json.outputs.map((o) => o.data)).toEqual(DATATYPE_SAMPLES.map((s) => s.rawOut));
  });

  it('JSON in, binary out per output: only outputs asking for binary_data are binary', async () => {
    const response = await infer(
      JSON.stringify({
        inputs: DATATYPE_SAMPLES.map((s) => ({
          name: s.name,
          datatype: s.datatype,
          shape: s.shape,
          data: s.json,
        })),
        outputs: [
          { name: 'fp16_out', parameters: { binary_data: true } },
          { name: 'int32_out' },
          { name: 'bytes_out', parameters: { binary_data: true } },
        ],
      }),
    );
    const parsed = await readInferResponse(response);
    expect(parsed.status).toBe(200);
    const fp16 = DATATYPE_SAMPLES.find((s) => s.datatype === 'FP16');
    const bytes = DATATYPE_SAMPLES.find((s) => s.datatype === 'BYTES');
    expect(parsed.json.outputs).toEqual([
      { name: 'fp16_out', datatype: 'FP16', shape: [2, 2], parameters: { binary_data_size: 8 } },
      {
        name: 'int32_out',
        datatype: 'INT32',
        shape: [2, 2],
        data: [-2147483648, -1, 0, 2147483647],
      },
      {
        name: 'bytes_out',
        datatype: 'BYTES',
        shape: [2, 2],
        parameters: { binary_data_size: bytes?.raw.length },
      },
    ]);
    expect(
      parsed.binary.equals(
        Buffer.concat([fp16?.raw ?? Buffer.alloc(0), bytes?.raw ?? Buffer.alloc(0)]),
      ),
    ).toBe(true);
  });

  it('carries 64-bit extremes and non-UTF-8 bytes exactly, mixing JSON and binary inputs', async () => {
    const inputs = DATATYPE_SAMPLES.map((s) => ({
      name: s.name,
      datatype: s.datatype,
      shape: s.shape,
      data: s.json,
    }));
    const binaryOnes: Record<string, Buffer> = {
      int64: INT64_EXTREMES.raw,
      uint64: UINT64_EXTREMES.raw,
      bytes: ARBITRARY_BYTES_RAW,
    };
    const { body, headerLength } = binaryBody(
      {
        inputs: inputs.map((input) => {
          const raw = binaryOnes[input.name];
          if (raw === undefined) return input;
          return {
            name: input.name,
            datatype: input.datatype,
            shape: input.shape,
            parameters: { binary_data_size: raw.length },
          };
        }),
        outputs: [
          { name: 'int64_out' },
          { name: 'uint64_out' },
          { name: 'bytes_out', parameters: { binary_data: true } },
        ],
      },
      // Binary sections follow input order: uint64 comes before int64 in the inputs.
      [
        binaryOnes.uint64 ?? Buffer.alloc(0),
        binaryOnes.int64 ?? Buffer.alloc(0),
        binaryOnes.bytes ?? Buffer.alloc(0),
      ],
    );
    const response = await infer(new Uint8Array(body), {
      'content-type': 'application/octet-stream',
      'inference-header-content-length': String(headerLength),
    });
    const parsed = await readInferResponse(response);
    expect(parsed.status).toBe(200);
    // JSON.parse would round these; the digits in the text must be exact.
    expect(parsed.text).toContain(
      `"name":"int64_out","datatype":"INT64","shape":[2,2],"data":${INT64_EXTREMES.digits}`,
    );
    expect(parsed.text).toContain(
      `"name":"uint64_out","datatype":"UINT64","shape":[2,2],"data":${UINT64_EXTREMES.digits}`,
    );
    expect(parsed.binary.equals(ARBITRARY_BYTES_RAW)).toBe(true);
  });

  it('reads a chunked body (no Content-Length)', async () => {
    const json = JSON.stringify({
      id: 'chunked',
      inputs: DATATYPE_SAMPLES.map((s) => ({
        name: s.name,
        datatype: s.datatype,
        shape: s.shape,
        data: s.json,
      })),
    });
    const pieces = json.match(/[\s\S]{1,100}/g) ?? [];
    const response = await fetch(`${server.baseUrl}/v2/models/echo/infer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Readable.toWeb(
        Readable.from(pieces.map((piece) => Buffer.from(piece))),
      ) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { id: string; outputs: OutputJson[] };
    expect(body.id).toBe('chunked');
    expect(body.outputs.map((o) => o.data)).toEqual(DATATYPE_SAMPLES.map((s) => s.jsonOut));
  });
});

describe('the protocol rule on input datatypes and names', () => {
  // `x` FP32 and `n` INT32, any 2-D shape; the echo predictor returns them as `x_out`, `n_out`.
  const resolver = new RuntimeResolver({
    pair: echoModel('pair', [
      { name: 'x', datatype: 'FP32', shape: [-1, -1] },
      { name: 'n', datatype: 'INT32', shape: [-1, -1] },
    ]),
  });
  let strict: OipTestApp;
  let lossless: { app: FastifyInstance; platform: Platform; dir: string; baseUrl: string };
  let grpc: GrpcHarness;

  beforeAll(async () => {
    await resolver.loadAll();
    strict = await startOipTestApp(resolver);
    // gRPC with the resolver the server gives it (server.ts).
    grpc = await startGrpcHarness(protocolResolver(resolver, 'strict'));
    // The whole app as the server builds it, with `--oip-datatypes lossless`.
    const dir = mkdtempSync(join(tmpdir(), 'slipway-oip-lossless-'));
    const platform = await openPlatform({
      backendStoreUri: `sqlite:${join(dir, 'db')}`,
      artifactsUri: `file:${join(dir, 'artifacts')}`,
      dbPoolSize: 2,
      s3Region: 'us-east-1',
      s3ForcePathStyle: true,
    });
    const app = await buildHttpApp(platform, {
      bodyLimitBytes: 1024 * 1024,
      artifactLimitBytes: 1024 * 1024,
      logLevel: 'silent',
      inference: resolver,
      oipDatatypes: 'lossless',
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    lossless = { app, platform, dir, baseUrl: `http://127.0.0.1:${port}` };
  });
  afterAll(async () => {
    await strict?.close();
    await grpc?.close();
    if (lossless !== undefined) {
      await lossless.app.close();
      await lossless.platform.close();
      rmSync(lossless.dir, { recursive: true, force: true });
    }
    await resolver.close();
  });

  const x = { name: 'x', datatype: 'FP32', shape: [1, 2], data: [1.5, -2] };
  const n = { name: 'n', datatype: 'INT32', shape: [1, 2], data: [7, -7] };
  const infer = async (baseUrl: string, inputs: unknown[]) => {
    const response = await fetch(`${baseUrl}/v2/models/pair/infer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inputs }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('answers 400 with the expected datatype for INT64 data sent to an FP32 input', async () => {
    const reply = await infer(strict.baseUrl, [{ ...x, datatype: 'INT64', data: [1, 2] }, n]);
    expect(reply).toEqual({
      status: 400,
      body: {
        error:
          "Input tensor 'x' has datatype INT64, but the model expects FP32; send FP32 data (the inference protocol does not convert datatypes).",
      },
    });
  });

  it.each([
    [
      'INT32 data for an FP32 input (a widening conversion)',
      { ...x, datatype: 'INT32', data: [1, -2] },
      n,
      'x',
    ],
    ['FP64 data for an FP32 input', { ...x, datatype: 'FP64' }, n, 'x'],
    ['INT64 data for an INT32 input (values in range)', x, { ...n, datatype: 'INT64' }, 'n'],
    ['FP32 data for an INT32 input', x, { ...n, datatype: 'FP32' }, 'n'],
  ])('refuses %s', async (_, first, second, name) => {
    const reply = await infer(strict.baseUrl, [first, second]);
    expect(reply.status).toBe(400);
    expect(reply.body.error).toContain(`Input tensor '${name}' has datatype`);
  });

  it('answers 400 naming an unknown extra input and the expected inputs', async () => {
    const extra = { name: 'extra', datatype: 'FP32', shape: [1, 1], data: [0] };
    for (const baseUrl of [strict.baseUrl, lossless.baseUrl]) {
      const reply = await infer(baseUrl, [x, n, extra]);
      expect(reply).toEqual({
        status: 400,
        body: {
          error:
            "Unknown input tensor 'extra'. The model's inputs are: 'x' FP32 [-1, -1], 'n' INT32 [-1, -1].",
        },
      });
    }
  });

  it('serves exactly matching datatypes either way', async () => {
    for (const baseUrl of [strict.baseUrl, lossless.baseUrl]) {
      const reply = await infer(baseUrl, [x, n]);
      expect(reply.status).toBe(200);
      expect(reply.body.outputs).toEqual([
        { name: 'x_out', datatype: 'FP32', shape: [1, 2], data: [1.5, -2] },
        { name: 'n_out', datatype: 'INT32', shape: [1, 2], data: [7, -7] },
      ]);
    }
  });

  it('applies the same rule over gRPC', async () => {
    const infer = (inputs: unknown[]) =>
      grpc.client.failure('ModelInfer', { model_name: 'pair', inputs });
    const grpcN = {
      name: 'n',
      datatype: 'INT32',
      shape: [1, 2],
      contents: { int_contents: [7, -7] },
    };
    const wrongType = await infer([
      { name: 'x', datatype: 'INT64', shape: [1, 2], contents: { int64_contents: ['1', '2'] } },
      grpcN,
    ]);
    expect(wrongType.code).toBe(status.INVALID_ARGUMENT);
    expect(wrongType.details).toContain(
      "Input tensor 'x' has datatype INT64, but the model expects FP32",
    );
    const extra = await infer([
      { name: 'x', datatype: 'FP32', shape: [1, 2], contents: { fp32_contents: [1, 2] } },
      grpcN,
      { name: 'extra', datatype: 'FP32', shape: [1, 1], contents: { fp32_contents: [0] } },
    ]);
    expect(extra.code).toBe(status.INVALID_ARGUMENT);
    expect(extra.details).toContain("Unknown input tensor 'extra'");
  });

  it('under --oip-datatypes lossless, converts only when no value changes', async () => {
    const converted = await infer(lossless.baseUrl, [
      { ...x, datatype: 'INT64', data: [16777216, -3] },
      { ...n, datatype: 'INT64', data: [2147483647, -2147483648] },
    ]);
    expect(converted.status).toBe(200);
    expect(converted.body.outputs).toEqual([
      { name: 'x_out', datatype: 'FP32', shape: [1, 2], data: [16777216, -3] },
      { name: 'n_out', datatype: 'INT32', shape: [1, 2], data: [2147483647, -2147483648] },
    ]);
    const rounded = await infer(lossless.baseUrl, [
      { ...x, datatype: 'INT64', data: [16777217, 0] },
      n,
    ]);
    expect(rounded.status).toBe(400);
    expect(rounded.body.error).toContain(
      'element 0 (16777217) is not exactly representable as FP32',
    );
    const lossy = await infer(lossless.baseUrl, [{ ...x, datatype: 'FP64' }, n]);
    expect(lossy.status).toBe(400);
    expect(lossy.body.error).toContain('FP64 -> FP32 can lose information');
  });
});
