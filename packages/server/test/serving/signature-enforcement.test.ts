import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toTypedArray } from '@slipway/core';
import type { Tensor } from '@slipway/core';
import { checkProtocolInputs } from '../../src/serving/runtime/enforce-signature.js';
import { OnnxRuntime } from '../../src/serving/runtime/onnx-runtime.js';
import { goldenModel, inputRows } from './model-fixtures.js';
import { rejection } from './runtime-test-helpers.js';

const model = goldenModel('breast_cancer_logreg');

describe('signature enforcement on an ONNX model (breast cancer, FP32 [-1, 30])', () => {
  let runtime: OnnxRuntime;

  beforeAll(async () => {
    runtime = await OnnxRuntime.load(model.path, { poolSize: 1 });
  });
  afterAll(async () => {
    await runtime.close();
  });

  it('rejects a missing input, naming it and the expected inputs', async () => {
    const err = await rejection(runtime.infer([{ ...inputRows(model, 0, 1), name: 'features' }]));
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toContain("Missing input tensor 'input'");
    expect(err.message).toContain("'input' FP32 [-1, 30]");
  });

  it('rejects a wrong rank or dimension with both shapes', async () => {
    const flat: Tensor = {
      name: 'input',
      datatype: 'FP32',
      shape: [30],
      data: new Float32Array(30),
    };
    const rank = await rejection(runtime.infer([flat]));
    expect(rank.code).toBe('INVALID_ARGUMENT');
    expect(rank.message).toContain("'input' has shape [30] but the model expects [-1, 30]");
    const narrow: Tensor = {
      name: 'input',
      datatype: 'FP32',
      shape: [2, 29],
      data: new Float32Array(58),
    };
    expect((await rejection(runtime.infer([narrow]))).message).toContain('[2, 29]');
  });

  it('rejects data that does not fill the declared shape', async () => {
    const short: Tensor = {
      name: 'input',
      datatype: 'FP32',
      shape: [2, 30],
      data: new Float32Array(59),
    };
    const err = await rejection(runtime.infer([short]));
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toContain("'input'");
  });

  // The runtime itself converts without loss: the protocol surfaces refuse other datatypes before
  // a request gets here (checkProtocolInputs, below), so this serves deployment variants whose
  // datatypes differ from the one the deployment advertises, and the MLflow scoring path.
  it('refuses FP64 for an FP32 input but converts exact integers', async () => {
    const doubles: Tensor = {
      name: 'input',
      datatype: 'FP64',
      shape: [1, 30],
      data: new Float64Array(30),
    };
    const err = await rejection(runtime.infer([doubles]));
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toContain('FP64 -> FP32');

    const row = model.inputs[0]?.map((value) => Math.round(value)) ?? [];
    const ints: Tensor = {
      name: 'input',
      datatype: 'INT32',
      shape: [1, 30],
      data: Int32Array.from(row),
    };
    const floats: Tensor = {
      name: 'input',
      datatype: 'FP32',
      shape: [1, 30],
      data: Float32Array.from(row),
    };
    const [fromInts] = await runtime.infer([ints]);
    const [fromFloats] = await runtime.infer([floats]);
    expect(fromInts?.data).toEqual(fromFloats?.data);

    const tooBig = {
      ...ints,
      data: Int32Array.from(row.map((_, i) => (i === 3 ? 2 ** 24 + 1 : 1))),
    };
    expect((await rejection(runtime.infer([tooBig]))).message).toContain('element 3 (16777217)');
  });

  // Unknown inputs are the protocol surfaces' to refuse; a shadow variant with fewer inputs than the
  // deployment it follows still gets the request.
  it('accepts JSON-path data built with toTypedArray and ignores extra inputs', async () => {
    const data = toTypedArray('FP32', [model.inputs[0] ?? []], { name: 'input', shape: [1, 30] });
    const extra: Tensor = {
      name: 'unused',
      datatype: 'BYTES',
      shape: [1],
      data: [new Uint8Array([1])],
    };
    const [output] = await runtime.infer([
      extra,
      { name: 'input', datatype: 'FP32', shape: [1, 30], data },
    ]);
    expect(
      Math.abs(((output?.data as Float32Array)[0] ?? NaN) - (model.expected[0]?.[0] ?? NaN)),
    ).toBeLessThan(1e-5);
  });

  it('rejects an unknown requested output', async () => {
    const err = await rejection(runtime.infer([inputRows(model, 0, 1)], { outputs: ['label'] }));
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toContain("Unknown output 'label'");
    expect(err.message).toContain("'probability'");
  });
});

describe('the inference protocol rule (checkProtocolInputs)', () => {
  const specs = [
    { name: 'input', datatype: 'FP32', shape: [-1, 30] },
    { name: 'mask', datatype: 'BOOL', shape: [-1] },
  ] as const satisfies readonly { name: string; datatype: string; shape: number[] }[];
  const tensor = (name: string, datatype: Tensor['datatype']): Tensor => ({
    name,
    datatype,
    shape: [1],
    data: toTypedArray(datatype, [1], { name, shape: [1] }),
  });
  const check =
    (inputs: Tensor[], datatypes: 'strict' | 'lossless' = 'strict') =>
    () =>
      checkProtocolInputs(
        inputs,
        specs.map((spec) => ({ ...spec, shape: [...spec.shape] })),
        datatypes,
      );

  it('passes the inputs the model declares, with its datatypes, in any order', () => {
    expect(check([tensor('mask', 'BOOL'), tensor('input', 'FP32')])).not.toThrow();
  });

  it('refuses another datatype, naming the tensor and the one expected', () => {
    expect(check([tensor('input', 'INT64'), tensor('mask', 'BOOL')])).toThrow(
      "Input tensor 'input' has datatype INT64, but the model expects FP32; send FP32 data",
    );
    expect(check([tensor('input', 'FP32'), tensor('mask', 'UINT8')])).toThrow(
      "Input tensor 'mask' has datatype UINT8, but the model expects BOOL",
    );
  });

  it('leaves other datatypes to the runtime when lossless', () => {
    expect(check([tensor('input', 'INT64'), tensor('mask', 'BOOL')], 'lossless')).not.toThrow();
  });

  it('refuses unknown inputs under both rules, naming them and the expected inputs', () => {
    const extra = [
      tensor('input', 'FP32'),
      tensor('mask', 'BOOL'),
      tensor('b', 'FP32'),
      tensor('a', 'FP32'),
    ];
    for (const rule of ['strict', 'lossless'] as const) {
      expect(check(extra, rule)).toThrow(
        "Unknown input tensors 'b', 'a'. The model's inputs are: 'input' FP32 [-1, 30], 'mask' BOOL [-1].",
      );
    }
  });

  it('names a missing input first', () => {
    expect(check([tensor('features', 'FP32'), tensor('mask', 'BOOL')])).toThrow(
      "Missing input tensor 'input'. The model's inputs are: 'input' FP32 [-1, 30], 'mask' BOOL [-1].",
    );
  });
});

describe('declared signatures are checked against the ONNX graph at load', () => {
  it.each([
    [
      'a wrong datatype',
      { inputs: [{ name: 'input', datatype: 'FP64', shape: [-1, 30] }], outputs: [] },
      "declares input 'input' as FP64 but the model's is FP32",
    ],
    [
      'a wrong width',
      { inputs: [{ name: 'input', datatype: 'FP32', shape: [-1, 31] }], outputs: [] },
      "shape [-1, 31] but the model's is [-1, 30]",
    ],
    [
      'a missing model input',
      { inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 30] }], outputs: [] },
      "The model needs input 'input'",
    ],
    [
      'an output the model lacks',
      {
        inputs: [{ name: 'input', datatype: 'FP32', shape: [-1, 30] }],
        outputs: [{ name: 'label', datatype: 'INT64', shape: [-1] }],
      },
      "declares output 'label' but the model has no such output",
    ],
  ] as const)('refuses %s', async (_, signature, message) => {
    const err = await rejection(
      OnnxRuntime.load(model.path, {
        poolSize: 1,
        signature: {
          inputs: signature.inputs.map((spec) => ({ ...spec, shape: [...spec.shape] })),
          outputs: signature.outputs.map((spec) => ({ ...spec, shape: [...spec.shape] })),
        },
      }),
    );
    expect(err.code).toBe('FAILED_PRECONDITION');
    expect(err.message).toContain(message);
  });
});
