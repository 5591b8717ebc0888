import { Client, credentials } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goldenBreastCancer, worstError } from '../oip/support/golden.js';
import { RuntimeResolver, TEST_MODELS } from '../oip/support/runtime-resolver.js';
import { startGrpcHarness } from './support/grpc-harness.js';
import type { GrpcHarness } from './support/grpc-harness.js';
import { decodeFields, decodePackedVarints, encodeMessage } from './support/protobuf-wire.js';

const golden = goldenBreastCancer();

/**
 * Field numbers and the method path below are taken from the published Open Inference Protocol
 * (grpc_predict_v2.proto), not from Slipway's .proto: a client generated from the spec must work.
 */
const METHOD = '/inference.GRPCInferenceService/ModelInfer';
const REQUEST = {
  model_name: 1,
  model_version: 2,
  id: 3,
  inputs: 5,
  outputs: 6,
  raw_input_contents: 7,
};
const INPUT = { name: 1, datatype: 2, shape: 3 };
const RESPONSE = { model_name: 1, model_version: 2, id: 3, outputs: 5, raw_output_contents: 6 };
const OUTPUT = { name: 1, datatype: 2, shape: 3 };

describe('OIP gRPC wire contract, checked with hand-encoded protobuf', () => {
  const resolver = new RuntimeResolver({ breast_cancer: TEST_MODELS.breast_cancer });
  let harness: GrpcHarness;
  let client: Client;

  beforeAll(async () => {
    await resolver.loadAll();
    harness = await startGrpcHarness(resolver);
    client = new Client(`127.0.0.1:${harness.server.port}`, credentials.createInsecure());
  });
  afterAll(async () => {
    client.close();
    await harness.close();
    await resolver.close();
  });

  it('ModelInfer with raw_input_contents, by field number', async () => {
    const rows = 3;
    const raw = Buffer.alloc(rows * 30 * 4);
    golden.inputs
      .slice(0, rows)
      .flat()
      .forEach((value, index) => raw.writeFloatLE(value, index * 4));
    const request = encodeMessage({
      [REQUEST.model_name]: 'breast_cancer',
      [REQUEST.model_version]: '3',
      [REQUEST.id]: 'wire-1',
      [REQUEST.inputs]: {
        [INPUT.name]: 'input',
        [INPUT.datatype]: 'FP32',
        [INPUT.shape]: [BigInt(rows), 30n],
      },
      [REQUEST.outputs]: { 1: 'probability' },
      [REQUEST.raw_input_contents]: raw,
    });
    const response = await new Promise<Buffer>((resolve, reject) => {
      client.makeUnaryRequest(
        METHOD,
        (value: Buffer) => value,
        (value: Buffer) => value,
        request,
        (err: ServiceError | null, value?: Buffer) =>
          err ? reject(err) : resolve(value ?? Buffer.alloc(0)),
      );
    });
    const fields = decodeFields(response);
    expect(String(fields.get(RESPONSE.model_name)?.[0])).toBe('breast_cancer');
    expect(String(fields.get(RESPONSE.model_version)?.[0])).toBe('3');
    expect(String(fields.get(RESPONSE.id)?.[0])).toBe('wire-1');
    const outputs = fields.get(RESPONSE.outputs) ?? [];
    expect(outputs).toHaveLength(1);
    const output = decodeFields(outputs[0] as Buffer);
    expect(String(output.get(OUTPUT.name)?.[0])).toBe('probability');
    expect(String(output.get(OUTPUT.datatype)?.[0])).toBe('FP32');
    expect(decodePackedVarints(output.get(OUTPUT.shape)?.[0] as Buffer)).toEqual([
      BigInt(rows),
      1n,
    ]);
    const [bytes] = (fields.get(RESPONSE.raw_output_contents) ?? []) as Buffer[];
    expect(bytes?.length).toBe(rows * 4);
    const values = Array.from({ length: rows }, (_, row) => bytes?.readFloatLE(row * 4) ?? NaN);
    expect(worstError(values, golden.expected)).toBeLessThanOrEqual(1e-5);
  });
});
