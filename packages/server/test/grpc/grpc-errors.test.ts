import { ANONYMOUS_CALLER } from '@slipway/core';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goldenBreastCancer } from '../oip/support/golden.js';
import { RuntimeResolver } from '../oip/support/runtime-resolver.js';
import { startGrpcHarness } from './support/grpc-harness.js';
import type { GrpcHarness } from './support/grpc-harness.js';

const golden = goldenBreastCancer();
const width = golden.columns.length;
const row = golden.inputs[0] ?? [];
const good = {
  name: 'input',
  datatype: 'FP32',
  shape: [1, width],
  contents: { fp32_contents: row },
};

function fp32(values: readonly number[]): Buffer {
  const buf = Buffer.alloc(values.length * 4);
  values.forEach((value, index) => buf.writeFloatLE(value, index * 4));
  return buf;
}

describe('OIP gRPC status codes', () => {
  const resolver = new RuntimeResolver();
  let harness: GrpcHarness;

  beforeAll(async () => {
    await resolver.loadAll();
    harness = await startGrpcHarness(resolver);
  });
  afterAll(async () => {
    await harness.close();
    await resolver.close();
  });

  const infer = (request: Record<string, unknown>) =>
    harness.client.failure('ModelInfer', { model_name: 'breast_cancer', ...request });

  it('NOT_FOUND for an unknown model or version, in every model RPC', async () => {
    const { client } = harness;
    for (const [method, request] of [
      ['ModelReady', { name: 'nope' }],
      ['ModelMetadata', { name: 'nope' }],
      ['ModelMetadata', { name: 'breast_cancer', version: '9' }],
      ['ModelInfer', { model_name: 'nope', inputs: [good] }],
      ['RepositoryModelLoad', { model_name: 'nope' }],
      ['RepositoryModelUnload', { model_name: 'nope' }],
    ] as const) {
      const error = await client.failure(method, request);
      expect(error.code, `${method} ${JSON.stringify(request)}`).toBe(status.NOT_FOUND);
      expect(error.details).toMatch(/nope|version 9/);
    }
  });

  it('INVALID_ARGUMENT for bad requests, naming the tensor', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ model_name: '', inputs: [good] }, 'model_name'],
      [{ inputs: [{ ...good, name: 'features' }] }, "Missing input tensor 'input'"],
      [
        { inputs: [{ ...good, shape: [1, width - 1], contents: { fp32_contents: row.slice(1) } }] },
        `[1, ${width - 1}]`,
      ],
      [{ inputs: [{ ...good, shape: [2, width] }] }, `${2 * width} elements`],
      [{ inputs: [{ ...good, datatype: 'FLOAT32' }] }, 'FLOAT32'],
      [{ inputs: [{ ...good, datatype: 'FP64', contents: { fp64_contents: row } }] }, 'FP64'],
      [{ inputs: [{ ...good, contents: { fp64_contents: row } }] }, 'fp64_contents'],
      [
        { inputs: [{ ...good, datatype: 'INT8', contents: { int_contents: row.map(() => 300) } }] },
        'INT8',
      ],
      [
        { inputs: [{ ...good, contents: null }], raw_input_contents: [fp32(row), fp32(row)] },
        'raw_input_contents has 2 entries',
      ],
      [{ inputs: [good], raw_input_contents: [fp32(row)] }, 'typed contents'],
      [
        { inputs: [{ ...good, contents: null }], raw_input_contents: [fp32(row).subarray(4)] },
        "'input'",
      ],
      [{ inputs: [good], outputs: [{ name: 'label' }] }, "Unknown output 'label'"],
    ];
    for (const [request, fragment] of cases) {
      const error = await infer(request);
      expect(error.code, fragment).toBe(status.INVALID_ARGUMENT);
      expect(error.details).toContain(fragment);
    }
  });

  it('UNAVAILABLE for a model that is not ready', async () => {
    await resolver.unload(ANONYMOUS_CALLER, 'breast_cancer');
    try {
      const error = await infer({ inputs: [good] });
      expect(error.code).toBe(status.UNAVAILABLE);
      expect(error.details).toContain('not ready');
    } finally {
      await resolver.load(ANONYMOUS_CALLER, 'breast_cancer');
    }
  });

  it('INTERNAL with a generic message for unexpected failures, which are reported to the hook', async () => {
    const failing = new RuntimeResolver({});
    const target = await resolver.resolve(ANONYMOUS_CALLER, 'breast_cancer');
    failing.resolve = async () => ({
      ...target,
      ready: true,
      infer: () => Promise.reject(new Error('secret database password')),
    });
    const failingHarness = await startGrpcHarness(failing);
    try {
      const error = await failingHarness.client.failure('ModelInfer', {
        model_name: 'breast_cancer',
        inputs: [good],
      });
      expect(error.code).toBe(status.INTERNAL);
      expect(error.details).not.toContain('secret');
      expect(failingHarness.unexpected).toHaveLength(1);
      expect(String(failingHarness.unexpected[0])).toContain('secret database password');
    } finally {
      await failingHarness.close();
    }
  });
});
