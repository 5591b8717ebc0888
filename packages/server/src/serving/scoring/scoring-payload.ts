import { checkJsonDepth, invalidArgument } from '@slipway/core';
import type { Parameters } from '../protocol/inference-target.js';
import { isPlainObject, parseParameters } from '../protocol/parameters.js';

/** The input fields of MLflow's scoring protocol (mlflow.pyfunc.scoring_server, MLflow >= 2). */
export const SCORING_FORMATS = ['dataframe_split', 'dataframe_records', 'instances', 'inputs'];
export type ScoringFormat = 'dataframe_split' | 'dataframe_records' | 'instances' | 'inputs';

export interface ScoringPayload {
  format: ScoringFormat;
  data: unknown;
  /** MLflow's `params`, passed to the target as request parameters. */
  params?: Parameters | undefined;
}

const REQUIRED = `The input must be a JSON object with exactly one of the input fields ${SCORING_FORMATS.join(', ')}`;

/**
 * Splits a parsed JSON scoring body into its one input field and its params. As in MLflow, other
 * keys are ignored; no input field or several of them is an error. Params must be flat values
 * (strings, numbers, booleans), which is what the inference protocol's parameters can carry.
 */
export function parseScoringPayload(body: unknown): ScoringPayload {
  if (!isPlainObject(body)) {
    const received = Array.isArray(body) ? 'a list' : `a ${body === null ? 'null' : typeof body}`;
    throw invalidArgument(`${REQUIRED}. Received ${received}.`);
  }
  const formats = SCORING_FORMATS.filter((key) => Object.hasOwn(body, key));
  const [format, ...others] = formats;
  if (format === undefined || others.length > 0) {
    throw invalidArgument(`${REQUIRED}. Received input fields: ${Object.keys(body).join(', ')}.`);
  }
  // The decoders walk the input recursively (tensors, frames, messages that show a value).
  checkJsonDepth(body[format], `'${format}'`);
  return {
    format: format as ScoringFormat,
    data: body[format],
    params: parseParameters(body.params, 'The scoring request'),
  };
}
