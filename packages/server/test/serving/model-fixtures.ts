import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Tensor } from '@slipway/core';

export const FIXTURE_MODELS_DIR = fileURLToPath(new URL('../fixtures/models/', import.meta.url));

export interface GoldenModel {
  /** Path of the .onnx file. */
  path: string;
  columns: string[];
  /** Rows of scikit-learn's inputs (float32 values printed as float64). */
  inputs: number[][];
  /** scikit-learn's outputs per row, computed in float64. */
  expected: number[][];
  outputName: string;
}

export const GOLDEN_MODELS = ['breast_cancer_logreg', 'diabetes_tree'] as const;
const OUTPUT_NAMES = { breast_cancer_logreg: 'probability', diabetes_tree: 'variable' };

export function goldenModel(name: (typeof GOLDEN_MODELS)[number]): GoldenModel {
  const json = JSON.parse(readFileSync(`${FIXTURE_MODELS_DIR}${name}.expected.json`, 'utf8')) as {
    columns: string[];
    inputs: number[][];
    expected: number[][];
  };
  return { path: `${FIXTURE_MODELS_DIR}${name}.onnx`, outputName: OUTPUT_NAMES[name], ...json };
}

/** Rows [from, to) of a golden model's inputs as one FP32 'input' tensor. */
export function inputRows(model: GoldenModel, from = 0, to = model.inputs.length): Tensor {
  const rows = model.inputs.slice(from, to);
  const width = model.columns.length;
  const data = new Float32Array(rows.length * width);
  rows.forEach((row, index) => data.set(row, index * width));
  return { name: 'input', datatype: 'FP32', shape: [rows.length, width], data };
}
