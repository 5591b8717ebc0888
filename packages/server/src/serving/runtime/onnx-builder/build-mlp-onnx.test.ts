import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { buildMlpOnnx } from './build-mlp-onnx.js';
import type { MlpModel } from './build-mlp-onnx.js';

/** The same network in plain float64 JavaScript: x·W + b with ReLU between layers. */
function referenceForward(
  model: MlpModel,
  layers: readonly number[],
  input: Float32Array,
  rows: number,
): number[] {
  let activations = Array.from(input);
  for (let layer = 0; layer + 1 < layers.length; layer += 1) {
    const fanIn = layers[layer] as number;
    const fanOut = layers[layer + 1] as number;
    const w = model.weights[layer] as Float32Array;
    const b = model.biases[layer] as Float32Array;
    const out = new Array<number>(rows * fanOut).fill(0);
    for (let row = 0; row < rows; row += 1) {
      for (let j = 0; j < fanOut; j += 1) {
        let sum = b[j] as number;
        for (let k = 0; k < fanIn; k += 1)
          sum += (activations[row * fanIn + k] as number) * (w[k * fanOut + j] as number);
        out[row * fanOut + j] = layer + 2 === layers.length ? sum : Math.max(0, sum);
      }
    }
    activations = out;
  }
  return activations;
}

describe('buildMlpOnnx', () => {
  it('writes a 784-256-256-10 model that ONNX Runtime loads and that matches a JS forward pass', async () => {
    const layers = [784, 256, 256, 10];
    const model = buildMlpOnnx({ layers, seed: 42 });
    const session = await ort.InferenceSession.create(model.bytes);
    try {
      expect(session.inputNames).toEqual(['input']);
      expect(session.outputNames).toEqual(['output']);
      const rows = 3;
      const input = Float32Array.from({ length: rows * 784 }, (_, i) => ((i * 7919) % 255) / 255);
      const result = await session.run({ input: new ort.Tensor('float32', input, [rows, 784]) });
      const output = result.output;
      expect(output?.dims).toEqual([rows, 10]);
      const actual = Array.from(output?.data as Float32Array);
      const expected = referenceForward(model, layers, input, rows);
      const worst = Math.max(
        ...actual.map((value, i) => Math.abs(value - (expected[i] as number))),
      );
      expect(worst).toBeLessThan(1e-4);
      expect(new Set(actual.map((value) => value.toFixed(3))).size).toBeGreaterThan(20);
    } finally {
      await session.release();
    }
  });

  it('is deterministic for a seed', () => {
    const a = buildMlpOnnx({ layers: [4, 3, 2], seed: 7 });
    const b = buildMlpOnnx({ layers: [4, 3, 2], seed: 7 });
    const c = buildMlpOnnx({ layers: [4, 3, 2], seed: 8 });
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    expect(Buffer.from(a.bytes).equals(Buffer.from(c.bytes))).toBe(false);
  });
});
