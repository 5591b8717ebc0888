import type { LoggedPredictionView } from '@slipway/core';

type Tensor = LoggedPredictionView['inputs'][number];

const SHOWN_VALUES = 4;

/** Six significant digits: a float32 as logged (17.989999771118164) reads as written (17.99). */
function shortValue(value: number | boolean | string): string {
  return typeof value === 'number' && Number.isFinite(value)
    ? String(Number(value.toPrecision(6)))
    : String(value);
}

/** A tensor in one line: "input FP32 [1, 30]: 17.99, 10.38, 122.8, 1001, … (30 values)". */
export function tensorSummary(tensor: Tensor): string {
  const values = tensor.data.slice(0, SHOWN_VALUES).map(shortValue).join(', ');
  const more = tensor.data.length > SHOWN_VALUES ? `, … (${tensor.data.length} values)` : '';
  return `${tensor.name} ${tensor.datatype} [${tensor.shape.join(', ')}]: ${values}${more}`;
}

/** Every tensor of a request or answer in one line each; '—' for none (a failed prediction). */
export function tensorsSummary(tensors: readonly Tensor[]): string {
  return tensors.length === 0 ? '—' : tensors.map(tensorSummary).join('; ');
}
