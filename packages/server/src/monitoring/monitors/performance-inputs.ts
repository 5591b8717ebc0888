import type { CellValue, ClassLabel, JsonValue } from '@slipway/core';
import type { WindowRow } from '../../prediction-log/prediction-window.js';
import { tensorRows } from './tensor-cells.js';

/** Labelled examples of a window: truth, the first output's value(s), aligned row by row. */
export interface PerformanceInputs {
  /** Predictions with a usable label. */
  labelled: number;
  truth: ClassLabel[];
  /** The first output's single value per row, or the argmax of its row of scores. */
  predicted: CellValue[];
  /** Row-major scores when every labelled row has the same number (> 1) of them, else null. */
  scores: { width: number; values: Float64Array } | null;
}

function asLabel(value: JsonValue | undefined): ClassLabel | undefined {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? value
    : undefined;
}

/** A batch of n predictions takes a list of n labels; a single prediction takes one label. */
function labelsFor(label: JsonValue, batch: number): (ClassLabel | undefined)[] | undefined {
  if (Array.isArray(label)) return label.length === batch ? label.map(asLabel) : undefined;
  return batch === 1 ? [asLabel(label)] : undefined;
}

function argmax(values: readonly number[]): number {
  let best = 0;
  for (let j = 1; j < values.length; j++) if (values[j]! > values[best]!) best = j;
  return best;
}

/**
 * Pairs ground truth with predictions. The prediction is the first output: one value per row is
 * the predicted label (or, for regression, value); several are scores (probabilities) per class
 * index 0..k-1, whose argmax is the predicted label. Rows whose label is missing, not a scalar,
 * or (for a batch) not a list of one label per row are left out.
 */
export function performanceInputs(rows: readonly WindowRow[]): PerformanceInputs {
  const truth: ClassLabel[] = [];
  const predicted: CellValue[] = [];
  const scoreRows: number[][] = [];
  let width: number | null | undefined;
  let labelled = 0;
  for (const row of rows) {
    const output = row.outputs[0];
    if (row.groundTruth === undefined || output === undefined) continue;
    const out = tensorRows(output);
    const labels = labelsFor(row.groundTruth.label, out.batch);
    if (labels === undefined || out.width === 0) continue;
    let used = false;
    labels.forEach((label, r) => {
      if (label === undefined) return;
      used = true;
      if (out.width === 1) {
        const value = out.cell(r, 0);
        predicted.push(value);
        truth.push(normalizeLabel(label, value));
        width = width === undefined || width === 1 ? 1 : null;
        return;
      }
      const scores = Array.from({ length: out.width }, (_, j) => Number(out.cell(r, j)));
      const best = argmax(scores);
      predicted.push(best);
      truth.push(normalizeLabel(label, best));
      scoreRows.push(scores);
      width = width === undefined || width === out.width ? out.width : null;
    });
    if (used) labelled += 1;
  }
  const scores =
    typeof width === 'number' && width > 1
      ? { width, values: Float64Array.from(scoreRows.flat()) }
      : null;
  return { labelled, truth, predicted, scores };
}

/**
 * Labels sent as JSON often differ in kind from what the model returns ("1" for 1, true for 1):
 * a label is read as a number when the prediction is one and the label spells a number.
 */
function normalizeLabel(label: ClassLabel, prediction: CellValue): ClassLabel {
  if (typeof prediction !== 'number') return label;
  if (typeof label === 'boolean') return label ? 1 : 0;
  if (typeof label === 'string' && label.trim() !== '' && Number.isFinite(Number(label))) {
    return Number(label);
  }
  return label;
}
