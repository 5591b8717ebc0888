import {
  checkArtifactPath,
  failedPrecondition,
  invalidArgument,
  outputsDigest,
} from '@slipway/core';
import type {
  CacheKeyParts,
  PipelineOutput,
  PipelineStep,
  PipelineStepRef,
  StepChange,
} from '@slipway/core';
import type { PipelineBlobs } from './pipeline-blobs.js';
import type { FinishStatus } from './step-rules.js';

export interface FinishStepRequest {
  worker?: string | undefined;
  status: FinishStatus;
  exitCode?: number | undefined;
  error?: string | undefined;
  outputs?: PipelineOutput[] | undefined;
  cacheKey?: string | undefined;
  cacheParts?: CacheKeyParts | undefined;
  cachedFrom?: PipelineStepRef | undefined;
}

/** The error text a row can hold: PostgreSQL text refuses NUL. */
export function storableText(text: string): string {
  return text.replaceAll('\u0000', '\uFFFD');
}

/** What a finish sets on the step, besides what `succeeded` and `cached` add. */
export function baseFinishChange(request: FinishStepRequest, now: number): StepChange {
  const change: StepChange = { status: request.status, finishedAt: now };
  if (request.worker !== undefined) change.worker = request.worker;
  if (request.exitCode !== undefined) change.exitCode = request.exitCode;
  if (request.error !== undefined) change.error = storableText(request.error);
  if (request.cacheKey !== undefined) change.cacheKey = request.cacheKey;
  if (request.cacheParts !== undefined) change.cacheParts = request.cacheParts;
  return change;
}

/**
 * A succeeded step's outputs: each path once and valid, each blob stored with the size the
 * runner says (FAILED_PRECONDITION for one never uploaded); sorted by path, with their digest.
 */
export async function checkedOutputs(
  requested: readonly PipelineOutput[],
  blobs: PipelineBlobs,
): Promise<{ outputs: PipelineOutput[]; outputsDigest: string }> {
  const seen = new Set<string>();
  const outputs: PipelineOutput[] = [];
  for (const entry of requested) {
    const path = checkArtifactPath(entry.path);
    if (seen.has(path)) throw invalidArgument(`The output '${path}' is listed twice.`);
    seen.add(path);
    const size = await blobs.size(entry.digest);
    if (size === undefined) {
      throw failedPrecondition(
        `The output '${path}' (sha256 ${entry.digest}) was not uploaded; PUT it to .../outputs/${path} first.`,
        { path, digest: entry.digest },
      );
    }
    if (size !== entry.size) {
      throw invalidArgument(
        `The output '${path}' is ${entry.size} bytes in the request but its stored content is ${size} bytes.`,
      );
    }
    outputs.push({ path, digest: entry.digest, size });
  }
  outputs.sort((a, b) => compareCodePoints(a.path, b.path));
  return { outputs, outputsDigest: outputsDigest(outputs) };
}

/** What a `cached` finish copies from the step whose result it reuses. */
export function cachedCopy(
  request: FinishStepRequest,
  source: PipelineStep,
  ref: PipelineStepRef,
): StepChange {
  if (source.status !== 'succeeded' && source.status !== 'cached') {
    throw failedPrecondition(
      `Step '${ref.stepKey}' of pipeline run '${ref.runId}' is ${source.status}; only a succeeded step's outputs can be reused.`,
    );
  }
  if (
    request.cacheKey !== undefined &&
    source.cacheKey !== undefined &&
    request.cacheKey !== source.cacheKey
  ) {
    throw invalidArgument(
      `The cache key ${request.cacheKey} differs from ${source.cacheKey}, the key of step '${ref.stepKey}' of run '${ref.runId}'.`,
    );
  }
  const change: StepChange = {
    status: 'cached',
    cachedFrom: ref,
    outputs: source.outputs,
    outputsDigest: source.outputsDigest ?? outputsDigest(source.outputs),
    error: null,
    exitCode: null,
  };
  const key = request.cacheKey ?? source.cacheKey;
  if (key !== undefined) change.cacheKey = key;
  return change;
}

/** By Unicode code point (UTF-8 byte order), as the outputs digest sorts. */
function compareCodePoints(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i += 1) {
    const d = left[i]!.codePointAt(0)! - right[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return left.length - right.length;
}
