import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OnnxRuntime } from '../../src/serving/runtime/onnx-runtime.js';
import { GOLDEN_MODELS, goldenModel, inputRows } from './model-fixtures.js';

describe.each(GOLDEN_MODELS)('golden model %s on OnnxRuntime', (name) => {
  const model = goldenModel(name);
  let runtime: OnnxRuntime;

  beforeAll(async () => {
    runtime = await OnnxRuntime.load(model.path, { poolSize: 2, name });
  });
  afterAll(async () => {
    await runtime.close();
  });

  it('reports the signature ONNX Runtime reads from the file', () => {
    expect(runtime.metadata).toMatchObject({
      name,
      platform: 'onnxruntime',
      inputs: [{ name: 'input', datatype: 'FP32', shape: [-1, model.columns.length] }],
      outputs: [{ name: model.outputName, datatype: 'FP32', shape: [-1, 1] }],
    });
    expect(runtime.ready).toBe(true);
  });

  // The models compute in float32, so an absolute 1e-5 is below float32 resolution for the tree's
  // outputs above 128 (one ulp is 1.5e-5 up to 256): the bound is 1e-5 relative to max(1, |value|).
  it("matches scikit-learn's predictions within 1e-5 for every row", async () => {
    const [output] = await runtime.infer([inputRows(model)]);
    expect(output?.name).toBe(model.outputName);
    expect(output?.shape).toEqual([model.inputs.length, 1]);
    const values = Array.from(output?.data as Float32Array);
    const worst = Math.max(
      ...values.map((value, row) => {
        const expected = model.expected[row]?.[0] ?? NaN;
        return Math.abs(value - expected) / Math.max(1, Math.abs(expected));
      }),
    );
    expect(values).toHaveLength(model.expected.length);
    expect(worst).toBeLessThanOrEqual(1e-5);
  });

  it('gives each row alone the same answer as in the full batch', async () => {
    const [full] = await runtime.infer([inputRows(model)]);
    const singles = await Promise.all(
      model.inputs.map((_, row) => runtime.infer([inputRows(model, row, row + 1)])),
    );
    const fullData = full?.data as Float32Array;
    const mismatched = singles.filter(
      ([single], row) => !Object.is((single?.data as Float32Array)[0], fullData[row]),
    );
    expect(mismatched).toHaveLength(0);
  });
});
