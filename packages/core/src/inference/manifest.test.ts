import { describe, expect, it } from 'vitest';
import { SlipwayError } from '../errors.js';
import { parseModelManifest, parseModelManifestJson, resolveSignature } from './parse-manifest.js';

function manifestError(value: unknown): SlipwayError {
  try {
    parseModelManifest(value);
  } catch (err) {
    if (err instanceof SlipwayError) return err;
    throw err;
  }
  throw new Error('expected a SlipwayError');
}

const tensorManifest = {
  formatVersion: 1,
  name: 'mlp',
  flavor: 'onnx',
  modelFile: 'model.onnx',
  signature: {
    inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 784] }],
    outputs: [{ name: 'y', datatype: 'FP32', shape: [-1, 10] }],
  },
  lineage: { runId: 'abc', datasets: [{ name: 'mnist', digest: 'd1' }], codeVersion: 'g123' },
  metrics: { accuracy: 0.97 },
  modelCard: '# MLP',
  inputExample: { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 2], data: [0, 1] }] },
};

describe('parseModelManifest', () => {
  it('accepts a tensor signature and resolves it as-is', () => {
    const manifest = parseModelManifest(tensorManifest);
    expect(manifest.flavor).toBe('onnx');
    expect(manifest.lineage?.datasets?.[0]?.name).toBe('mnist');
    expect(resolveSignature(manifest.signature)).toEqual({
      inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 784] }],
      outputs: [{ name: 'y', datatype: 'FP32', shape: [-1, 10] }],
    });
  });

  it('maps tabular columns onto one [batch, n] input tensor in column order', () => {
    const manifest = parseModelManifest({
      formatVersion: 1,
      flavor: 'onnx',
      modelFile: 'model.onnx',
      signature: {
        columns: [
          { name: 'age', type: 'double' },
          { name: 'bmi', type: 'double' },
          { name: 'smoker', type: 'boolean' },
        ],
        outputs: [{ name: 'variable', datatype: 'FP32', shape: [-1, 1] }],
      },
    });
    expect(resolveSignature(manifest.signature)).toEqual({
      inputs: [{ name: 'input', datatype: 'FP32', shape: [-1, 3] }],
      outputs: [{ name: 'variable', datatype: 'FP32', shape: [-1, 1] }],
      tabular: {
        inputName: 'input',
        columns: [
          { name: 'age', type: 'double' },
          { name: 'bmi', type: 'double' },
          { name: 'smoker', type: 'boolean' },
        ],
      },
    });
  });

  it('names the offending field', () => {
    const badType = manifestError({
      ...tensorManifest,
      signature: {
        inputs: [{ name: 'x', datatype: 'FLOAT', shape: [-1] }],
        outputs: tensorManifest.signature.outputs,
      },
    });
    expect(badType.code).toBe('INVALID_ARGUMENT');
    expect(badType.message).toContain("'signature.inputs.0.datatype'");
    expect(manifestError({ ...tensorManifest, formatVersion: 2 }).message).toContain(
      "'formatVersion'",
    );
    expect(manifestError({ ...tensorManifest, flavor: 'pickle' }).message).toContain("'flavor'");
    expect(manifestError({ ...tensorManifest, signatures: {} }).message).toMatch(/signatures/);
    const { modelFile: _omitted, ...withoutFile } = tensorManifest;
    expect(manifestError(withoutFile).message).toContain("'modelFile'");
  });

  it('refuses model files outside the package and bad shapes', () => {
    for (const modelFile of ['../model.onnx', '/abs/model.onnx', 'a\\b.onnx', 'a//b', './m.onnx']) {
      expect(manifestError({ ...tensorManifest, modelFile }).message).toContain("'modelFile'");
    }
    const badShape = manifestError({
      ...tensorManifest,
      signature: {
        ...tensorManifest.signature,
        outputs: [{ name: 'y', datatype: 'FP32', shape: [-2] }],
      },
    });
    expect(badShape.message).toContain("'signature.outputs.0.shape.0'");
    const duplicate = manifestError({
      ...tensorManifest,
      signature: {
        inputs: [tensorManifest.signature.inputs[0], tensorManifest.signature.inputs[0]],
        outputs: tensorManifest.signature.outputs,
      },
    });
    expect(duplicate.message).toMatch(/unique/);
  });

  it('reports JSON syntax errors', () => {
    expect(() => parseModelManifestJson('{ nope')).toThrow(/not valid JSON/);
  });
});
