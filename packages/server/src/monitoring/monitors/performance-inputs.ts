import type { CellValue, ClassLabel, JsonValue } from '@slipway/core';
import type { WindowRow } from '../../prediction-log/prediction-window.js';
import { tensorRows } from './tensor-cells.js';
import type { TensorRows } from './tensor-cells.js';

/** Which outputs hold the predicted label and the class scores (see the monitor spec). */
export interface PerformanceOutputs {
  labelOutput?: string | undefined;
  scoreOutput?: string | undefined;
}

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

function outputOf(row: WindowRow, name: string | undefined): TensorRows | undefined {
  const output = name === undefined ? row.outputs[0] : row.outputs.find((o) => o.name === name);
  return output === undefined ? undefined : tensorRows(output);
}

/** One row of class scores: k scores as they are, one value p as [1 - p, p] (binary). */
function scoresAt(out: TensorRows, r: number): number[] {
  if (out.width === 1) {
    const p = Number(out.cell(r, 0));
    return [1 - p, p];
  }
  return Array.from({ length: out.width }, (_, j) => Number(out.cell(r, j)));
}

/**
 * Pairs ground truth with predictions. Without `scoreOutput`, the prediction is the label output
 * (`labelOutput`, default the first): one value per row is the predicted label (or, for
 * regression, value); several are scores (probabilities) per class index 0..k-1, whose argmax is
 * the predicted label. With `scoreOutput`, that output holds the scores (a single value per row
 * is the positive class's probability of a binary classifier) and the predicted label is
 * `labelOutput`'s, or the argmax of the scores when no label output is named. Rows whose label is
 * missing, not a scalar, or (for a batch) not a list of one label per row are left out, as are
 * rows without the named outputs.
 */
export function performanceInputs(
  rows: readonly WindowRow[],
  outputs: PerformanceOutputs = {},
): PerformanceInputs {
  if (outputs.scoreOutput !== undefined) return scoredInputs(rows, outputs.scoreOutput, outputs);
  const truth: ClassLabel[] = [];
  const predicted: CellValue[] = [];
  const scoreRows: number[][] = [];
  let width: number | null | undefined;
  let labelled = 0;
  for (const row of rows) {
    const out = row.groundTruth === undefined ? undefined : outputOf(row, outputs.labelOutput);
    if (row.groundTruth === undefined || out === undefined) continue;
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

function scoredInputs(
  rows: readonly WindowRow[],
  scoreOutput: string,
  outputs: PerformanceOutputs,
): PerformanceInputs {
  const truth: ClassLabel[] = [];
  const predicted: CellValue[] = [];
  const scoreRows: number[][] = [];
  let labelled = 0;
  for (const row of rows) {
    if (row.groundTruth === undefined) continue;
    const scored = outputOf(row, scoreOutput);
    const named =
      outputs.labelOutput === undefined ? undefined : outputOf(row, outputs.labelOutput);
    if (scored === undefined || scored.width === 0) continue;
    if (outputs.labelOutput !== undefined && (named === undefined || named.batch !== scored.batch))
      continue;
    const labels = labelsFor(row.groundTruth.label, scored.batch);
    if (labels === undefined) continue;
    let used = false;
    labels.forEach((label, r) => {
      if (label === undefined) return;
      const scores = scoresAt(scored, r);
      if (scoreRows.length > 0 && scores.length !== scoreRows[0]!.length) return;
      used = true;
      const value = named === undefined ? argmax(scores) : named.cell(r, 0);
      predicted.push(value);
      truth.push(normalizeLabel(label, value));
      scoreRows.push(scores);
    });
    if (used) labelled += 1;
  }
  const width = scoreRows[0]?.length ?? 0;
  const scores = width > 1 ? { width, values: Float64Array.from(scoreRows.flat()) } : null;
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
