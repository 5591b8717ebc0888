import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ARBITRARY_BYTES_RAW,
  DATATYPE_SAMPLES,
  INT64_EXTREMES,
  UINT64_EXTREMES,
} from './support/datatype-samples.js';
import { binaryBody, readInferResponse, startOipTestApp } from './support/oip-test-app.js';
import type { OipTestApp } from './support/oip-test-app.js';
import { RuntimeResolver } from './support/runtime-resolver.js';

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
