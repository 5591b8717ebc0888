import { encodedTensorsLength } from '@slipway/core';
import type { PredictionWrite } from '@slipway/core';
import type { PredictionEvent } from './prediction-event.js';

/** PostgreSQL text cannot hold NUL; a client-supplied request id must not fail a whole batch. */
function clean(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : String(error);
}

/**
 * The stored record of an event, its tensors passed through unencoded. Throws on an event that
 * would make the store reject the whole batch (a non-finite latency or time, a missing field, a
 * tensor the binary encoding refuses), so the logger drops just that record.
 */
export function serializeEvent(event: PredictionEvent): PredictionWrite {
  const { latencyMs, time } = event;
  if (typeof latencyMs !== 'number' || !Number.isFinite(latencyMs)) {
    throw new TypeError(`latencyMs must be a finite number, got ${String(latencyMs)}`);
  }
  if (typeof time !== 'number' || !Number.isFinite(time)) {
    throw new TypeError(`time must be a finite number of milliseconds, got ${String(time)}`);
  }
  if (event.status !== 'ok' && event.status !== 'error') {
    throw new TypeError(`status must be 'ok' or 'error', got ${String(event.status)}`);
  }
  // Validation only: checks each tensor's datatype, shape and data type, not its elements.
  encodedTensorsLength(event.inputs);
  encodedTensorsLength(event.outputs);
  const record: PredictionWrite = {
    requestId: clean(String(event.requestId)),
    deployment: clean(String(event.deployment)),
    modelName: clean(String(event.modelName)),
    modelVersion: clean(String(event.modelVersion)),
    inputs: event.inputs,
    outputs: event.outputs,
    latencyMs,
    status: event.status,
    time: Math.round(time),
  };
  if (event.variant !== undefined) record.variant = clean(event.variant);
  if (event.error !== undefined) record.error = clean(errorMessage(event.error));
  return record;
}
