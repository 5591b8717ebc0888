import { invalidArgument } from '@slipway/core';
import type { InferenceTarget, Parameters } from '../protocol/inference-target.js';
import { runInference } from '../protocol/run-inference.js';
import type { StringCells } from './cell-value.js';
import { decodeScoringRequest } from './decode-scoring-request.js';
import type { Frame } from './frame.js';
import { predictionsOf } from './predictions.js';
import type { ScoringPayload } from './scoring-payload.js';
import { tableInputOf, tableTensor } from './table-input.js';

export interface ScoreRequest {
  /** A parsed JSON payload, or the rows of a CSV body. */
  input: { payload: ScoringPayload } | { frame: Frame; strings: StringCells };
  /** The request id the target logs the prediction under. */
  id: string;
  headers: Record<string, string | undefined>;
}

export interface ScoreResult {
  modelName: string;
  /** Empty when the target is unversioned. */
  modelVersion: string;
  /** MLflow's `predictions` (see predictionsOf). */
  predictions: unknown;
}

/**
 * One MLflow-style scoring request through an inference target: decode against the target's
 * signature, infer, and lay the outputs out as rows. Request errors are INVALID_ARGUMENT.
 */
export async function score(target: InferenceTarget, request: ScoreRequest): Promise<ScoreResult> {
  let inputs;
  let rows: number | undefined;
  let parameters: Parameters | undefined;
  if ('payload' in request.input) {
    const decoded = decodeScoringRequest(request.input.payload, target.metadata);
    inputs = decoded.inputs;
    rows = decoded.rows;
    parameters = request.input.payload.params;
  } else {
    const { frame, strings } = request.input;
    const table = tableInputOf(target.metadata, frame);
    if (table === undefined) {
      throw invalidArgument(
        `CSV input needs a model with named columns or one 2-D input; '${target.name}' takes tensors (${target.metadata.inputs.map((spec) => `'${spec.name}'`).join(', ')}). Send JSON with "inputs" instead.`,
      );
    }
    inputs = [tableTensor(frame, table, strings)];
    rows = frame.rowCount;
  }
  if (rows === 0) {
    return { modelName: target.name, modelVersion: target.version ?? '', predictions: [] };
  }
  const result = await runInference(target, {
    id: request.id,
    inputs,
    parameters,
    headers: request.headers,
  });
  return {
    modelName: result.modelName,
    modelVersion: result.modelVersion,
    predictions: predictionsOf(result.outputs),
  };
}
