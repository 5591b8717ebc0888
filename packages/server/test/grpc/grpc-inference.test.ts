import { ANONYMOUS_CALLER } from '@slipway/core';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATATYPE_SAMPLES } from '../oip/support/datatype-samples.js';
import { goldenBreastCancer, worstError } from '../oip/support/golden.js';
import { ECHO_TYPED_MODEL, RuntimeResolver, TEST_MODELS } from '../oip/support/runtime-resolver.js';
import { startGrpcHarness } from './support/grpc-harness.js';
import type { GrpcHarness } from './support/grpc-harness.js';

const golden = goldenBreastCancer();
const rows = golden.inputs.length;
const width = golden.columns.length;
const serverPackage = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
) as { version: string };

interface InferResponse {
  model_name: string;
  model_version: string;
  id: string;
  parameters: Record<string, Record<string, unknown>>;
  outputs: {
    name: string;
    datatype: string;
    shape: string[];
    contents: Record<string, unknown[]> | null;
  }[];
  raw_output_contents: Buffer[];
}

/** What typed contents of each sample look like on the wire (64-bit integers as strings). */
const TYPED_FIELD: Record<string, string> = {
  BOOL: 'bool_contents',
  UINT8: 'uint_contents',
  UINT16: 'uint_contents',
  UINT32: 'uint_contents',
  UINT64: 'uint64_contents',
  INT8: 'int_contents',
  INT16: 'int_contents',
  INT32: 'int_contents',
  INT64: 'int64_contents',
  FP32: 'fp32_contents',
  FP64: 'fp64_contents',
  BYTES: 'bytes_contents',
};
const TYPED_SAMPLES = DATATYPE_SAMPLES.filter((sample) => sample.datatype !== 'FP16');
function typedValues(datatype: string, values: unknown[]): unknown[] {
  if (datatype === 'INT64' || datatype === 'UINT64') return values.map((value) => String(value));
  if (datatype === 'BYTES') return values.map((value) => Buffer.from(value as string, 'utf8'));
  return values;
}

describe('OIP gRPC service over a real @grpc/grpc-js client', () => {
  const resolver = new RuntimeResolver({ ...TEST_MODELS, echo_typed: ECHO_TYPED_MODEL });
  let harness: GrpcHarness;

  beforeAll(async () => {
    await resolver.loadAll();
    harness = await startGrpcHarness(resolver);
  });
  afterAll(async () => {
    await harness.close();
    await resolver.close();
  });

  it('ServerLive, ServerReady and ServerMetadata', async () => {
    const { client } = harness;
    expect((await client.call('ServerLive', {})).response).toEqual({ live: true });
    expect((await client.call('ServerReady', {})).response).toEqual({ ready: true });
    resolver.ready = false;
    try {
      expect((await client.call('ServerReady', {})).response).toEqual({ ready: false });
    } finally {
      resolver.ready = true;
    }
    expect((await client.call('ServerMetadata', {})).response).toEqual({
      name: 'slipway',
      version: serverPackage.version,
      extensions: ['binary_tensor_data', 'model_repository'],
    });
  });

  it('ModelReady and ModelMetadata, with and without a version', async () => {
    const { client } = harness;
    for (const version of ['', '3']) {
      expect(
        (await client.call('ModelReady', { name: 'breast_cancer', version })).response,
      ).toEqual({
        ready: true,
      });
      expect(
        (await client.call('ModelMetadata', { name: 'breast_cancer', version })).response,
      ).toEqual({
        name: 'breast_cancer',
        versions: ['3'],
        platform: 'onnxruntime_onnx',
        inputs: [{ name: 'input', datatype: 'FP32', shape: ['-1', '30'] }],
        outputs: [{ name: 'probability', datatype: 'FP32', shape: ['-1', '1'] }],
      });
    }
  });

  it("ModelInfer with typed fp32_contents matches scikit-learn's outputs to 1e-5", async () => {
    const { response, metadata } = await harness.client.call<InferResponse>('ModelInfer', {
      model_name: 'breast_cancer',
      id: 'typed-1',
      inputs: [
        {
          name: 'input',
          datatype: 'FP32',
          shape: [rows, width],
          contents: { fp32_contents: golden.inputs.flat() },
        },
      ],
    });
    expect(metadata?.get('x-slipway-model-version')).toEqual(['3']);
    expect(response.model_name).toBe('breast_cancer');
    expect(response.model_version).toBe('3');
    expect(response.id).toBe('typed-1');
    expect(response.raw_output_contents).toEqual([]);
    const [output] = response.outputs;
    expect(output?.name).toBe('probability');
    expect(output?.datatype).toBe('FP32');
    expect(output?.shape).toEqual([String(rows), '1']);
    const values = output?.contents?.fp32_contents as number[];
    expect(values).toHaveLength(rows);
    expect(worstError(values, golden.expected)).toBeLessThanOrEqual(1e-5);
  });

  it('ModelInfer with raw_input_contents answers in raw_output_contents', async () => {
    const raw = Buffer.alloc(rows * width * 4);
    golden.inputs.flat().forEach((value, index) => raw.writeFloatLE(value, index * 4));
    const { response } = await harness.client.call<InferResponse>('ModelInfer', {
      model_name: 'breast_cancer',
      model_version: '3',
      inputs: [{ name: 'input', datatype: 'FP32', shape: [rows, width] }],
      outputs: [{ name: 'probability' }],
      raw_input_contents: [raw],
    });
    expect(response.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.outputs[0]?.contents).toBeNull();
    const [bytes] = response.raw_output_contents;
    expect(bytes?.length).toBe(rows * 4);
    const values = Array.from({ length: rows }, (_, row) => bytes?.readFloatLE(row * 4) ?? NaN);
    expect(worstError(values, golden.expected)).toBeLessThanOrEqual(1e-5);
  });

  it('round-trips every datatype byte for byte through raw contents', async () => {
    const { response } = await harness.client.call<InferResponse>('ModelInfer', {
      model_name: 'echo',
      inputs: DATATYPE_SAMPLES.map((s) => ({ name: s.name, datatype: s.datatype, shape: s.shape })),
      raw_input_contents: DATATYPE_SAMPLES.map((s) => s.raw),
    });
    expect(response.outputs.map((o) => [o.name, o.datatype, o.shape])).toEqual(
      DATATYPE_SAMPLES.map((s) => [`${s.name}_out`, s.datatype, ['2', '2']]),
    );
    DATATYPE_SAMPLES.forEach((sample, index) => {
      expect(response.raw_output_contents[index]?.equals(sample.raw), sample.datatype).toBe(true);
    });
  });

  it('round-trips every typed datatype through typed contents', async () => {
    const { response } = await harness.client.call<InferResponse>('ModelInfer', {
      model_name: 'echo_typed',
      inputs: TYPED_SAMPLES.map((s) => ({
        name: s.name,
        datatype: s.datatype,
        shape: s.shape,
        contents: { [TYPED_FIELD[s.datatype] ?? '']: typedValues(s.datatype, s.json) },
      })),
    });
    expect(response.raw_output_contents).toEqual([]);
    TYPED_SAMPLES.forEach((sample, index) => {
      const output = response.outputs[index];
      const field = TYPED_FIELD[sample.datatype] ?? '';
      expect(output?.name).toBe(`${sample.name}_out`);
      // FP32 contents are float32 on the wire, so 0.1 comes back as its float32 neighbour.
      expect(output?.contents?.[field], sample.datatype).toEqual(
        typedValues(sample.datatype, sample.jsonOut),
      );
    });
  });

  it('refuses typed contents for FP16, which only raw_input_contents can carry', async () => {
    const error = await harness.client.failure('ModelInfer', {
      model_name: 'echo',
      inputs: DATATYPE_SAMPLES.map((s) => ({
        name: s.name,
        datatype: s.datatype,
        shape: s.shape,
        contents:
          s.datatype === 'FP16'
            ? {}
            : { [TYPED_FIELD[s.datatype] ?? '']: typedValues(s.datatype, s.json) },
      })),
    });
    expect(error.code).toBe(3);
    expect(error.details).toContain("'fp16'");
    expect(error.details).toContain('raw_input_contents');
  });

  it('forwards request parameters and metadata to the target and returns its parameters', async () => {
    const seen: unknown[] = [];
    const target = await resolver.resolve(ANONYMOUS_CALLER, 'breast_cancer');
    const spy = new RuntimeResolver({});
    spy.resolve = async () => ({
      ...target,
      ready: true,
      infer: async (request) => {
        seen.push({
          id: request.id,
          parameters: request.parameters,
          key: request.headers['x-slipway-route-key'],
        });
        return {
          ...(await target.infer(request)),
          parameters: { served_by: 'spy', rank: 2, ratio: 0.5, warm: true },
        };
      },
    });
    const spyHarness = await startGrpcHarness(spy);
    try {
      const { Metadata } = await import('@grpc/grpc-js');
      const metadata = new Metadata();
      metadata.set('x-slipway-route-key', 'user-7');
      const response = await new Promise<InferResponse>((resolve, reject) => {
        const fn = (
          spyHarness.client.client as unknown as Record<string, (...args: unknown[]) => void>
        ).ModelInfer;
        fn?.call(
          spyHarness.client.client,
          {
            model_name: 'breast_cancer',
            id: 'p-1',
            parameters: {
              priority: { string_param: 'high' },
              retries: { int64_param: 3 },
              trace: { bool_param: true },
            },
            inputs: [
              {
                name: 'input',
                datatype: 'FP32',
                shape: [1, width],
                contents: { fp32_contents: golden.inputs[0] },
              },
            ],
          },
          metadata,
          (err: Error | null, value: InferResponse) => (err ? reject(err) : resolve(value)),
        );
      });
      expect(seen).toEqual([
        { id: 'p-1', parameters: { priority: 'high', retries: 3, trace: true }, key: 'user-7' },
      ]);
      expect(response.parameters.served_by).toMatchObject({
        parameter_choice: 'string_param',
        string_param: 'spy',
      });
      expect(response.parameters.rank).toMatchObject({
        parameter_choice: 'int64_param',
        int64_param: '2',
      });
      expect(response.parameters.ratio).toMatchObject({
        parameter_choice: 'double_param',
        double_param: 0.5,
      });
      expect(response.parameters.warm).toMatchObject({
        parameter_choice: 'bool_param',
        bool_param: true,
      });
    } finally {
      await spyHarness.close();
    }
  });

  it('RepositoryIndex, RepositoryModelUnload and RepositoryModelLoad', async () => {
    const { client } = harness;
    const index = await client.call<{ models: { name: string; state: string }[] }>(
      'RepositoryIndex',
      {},
    );
    expect(index.response.models.map((m) => [m.name, m.state])).toEqual([
      ['breast_cancer', 'READY'],
      ['echo', 'READY'],
      ['echo_typed', 'READY'],
    ]);
    expect(
      (await client.call('RepositoryModelUnload', { model_name: 'echo_typed' })).response,
    ).toEqual({});
    const ready = await client.call<{ models: { name: string }[] }>('RepositoryIndex', {
      ready: true,
    });
    expect(ready.response.models.map((m) => m.name)).toEqual(['breast_cancer', 'echo']);
    expect((await client.call('ModelReady', { name: 'echo_typed' })).response).toEqual({
      ready: false,
    });
    expect(
      (await client.call('RepositoryModelLoad', { model_name: 'echo_typed' })).response,
    ).toEqual({});
    expect((await client.call('ModelReady', { name: 'echo_typed' })).response).toEqual({
      ready: true,
    });
  });
});
