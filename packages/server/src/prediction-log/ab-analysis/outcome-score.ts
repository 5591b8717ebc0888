import type { JsonValue, LoggedTensor } from '@slipway/core';

type Scalar = number | string;

const NUMERIC_TYPES = new Set(['FP16', 'FP32', 'FP64', 'INT8', 'INT16', 'INT32', 'INT64']);
const UNSIGNED = /^U?INT/u;

/**
 * A value as the comparison sees it: booleans as 1 / 0 and numeric text as its number, so a BOOL
 * output matches a `true` label and an INT64 output (logged as decimal text) matches `3`.
 */
function normalize(value: unknown): Scalar | undefined {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : value;
  if (typeof value === 'string') {
    const number = value.trim() === '' ? Number.NaN : Number(value);
    return Number.isFinite(number) ? number : value;
  }
  return undefined;
}

/** A label of one value, or a one-element list of one (a batch of one). */
export function labelValue(label: JsonValue): Scalar | undefined {
  if (Array.isArray(label))
    return label.length === 1 ? labelValue(label[0] as JsonValue) : undefined;
  return normalize(label);
}

function isOneRow(tensor: LoggedTensor): boolean {
  return tensor.shape.filter((size) => size !== 1).length <= 1;
}

/**
 * The prediction of one request: the first output's only element, or, for one row of several
 * numeric scores, the index of the highest (the predicted class, as a label index). Anything
 * else (a batch, no outputs) has no single prediction and is not scored.
 */
export function predictedValue(outputs: readonly LoggedTensor[]): Scalar | undefined {
  const tensor = outputs[0];
  if (tensor === undefined || tensor.data.length === 0) return undefined;
  if (tensor.data.length === 1) return normalize(tensor.data[0]);
  const numeric = NUMERIC_TYPES.has(tensor.datatype) || UNSIGNED.test(tensor.datatype);
  if (!numeric || !isOneRow(tensor)) return undefined;
  let best = -1;
  let bestScore = -Infinity;
  tensor.data.forEach((value, index) => {
    const score = Number(value);
    if (score > bestScore) {
      best = index;
      bestScore = score;
    }
  });
  return best < 0 ? undefined : best;
}

/** 1 when the prediction equals the label, 0 when not, undefined when either is not a value. */
export function correctness(
  outputs: readonly LoggedTensor[],
  label: JsonValue,
): number | undefined {
  const predicted = predictedValue(outputs);
  const truth = labelValue(label);
  if (predicted === undefined || truth === undefined) return undefined;
  return predicted === truth ? 1 : 0;
}

/** |prediction − label| for numbers; undefined when either is not a finite number. */
export function absoluteError(
  outputs: readonly LoggedTensor[],
  label: JsonValue,
): number | undefined {
  const tensor = outputs[0];
  if (tensor === undefined || tensor.data.length !== 1) return undefined;
  const predicted = normalize(tensor.data[0]);
  const truth = labelValue(label);
  if (typeof predicted !== 'number' || typeof truth !== 'number') return undefined;
  const error = Math.abs(predicted - truth);
  return Number.isFinite(error) ? error : undefined;
}
