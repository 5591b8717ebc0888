import { randomUUID } from 'node:crypto';
import { SlipwayError } from '@slipway/core';
import type { InferenceTarget, TargetInferRequest, TargetInferResult } from './inference-target.js';

/** The client's request id, or a new one so every prediction can be logged and labelled later. */
export function requestIdOf(given: string | undefined): string {
  return given === undefined || given === '' ? randomUUID() : given;
}

export function notReady(target: InferenceTarget): SlipwayError {
  const version = target.version === undefined ? '' : ` version ${target.version}`;
  return new SlipwayError({
    code: 'UNAVAILABLE',
    message: `Model '${target.name}'${version} is not ready; load it or retry once it is.`,
  });
}

/** One inference on a target, shared by REST and gRPC so both answer the same way. */
export async function runInference(
  target: InferenceTarget,
  request: TargetInferRequest,
): Promise<TargetInferResult> {
  if (!target.ready) throw notReady(target);
  return target.infer(request);
}
