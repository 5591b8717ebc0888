import { resolve } from 'node:path';
import { computeCacheKey, stepCacheKeyParts } from '@slipway/core';
import type { CacheKeyParts, PipelineRun, PlannedStep, PipelineStepRef } from '@slipway/core';
import { hashDeclaredFiles } from './declared-files.js';
import { finishStep } from './finish-step.js';
import type { RunContext } from './run-context.js';
import type { StepEnd } from './runner-events.js';

/**
 * Runs one step of the run to its end: reused from the run being resumed, taken from the cache,
 * or executed (with its retries). Never throws: whatever goes wrong becomes the step's end.
 */
export async function runStep(ctx: RunContext, step: PlannedStep): Promise<StepEnd> {
  let cacheKey: string | undefined;
  try {
    const parts = await cacheKeyParts(ctx, step);
    const key = computeCacheKey(parts);
    cacheKey = key;
    const reused = reusable(ctx.resumeOf, step.key, key);
    if (reused !== undefined) return await finishCached(ctx, step, key, parts, reused);
    if (!ctx.force && step.cache.enabled) {
      const ttlSeconds =
        step.cache.ttlMs === undefined
          ? undefined
          : Math.max(1, Math.floor(step.cache.ttlMs / 1000));
      const hit = await ctx.recorder.findCached(key, ttlSeconds);
      if (hit !== undefined) {
        return await finishCached(ctx, step, key, parts, {
          runId: hit.runId,
          stepKey: hit.stepKey,
        });
      }
    }
    return await ctx.execute(ctx, step, key, parts);
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    return finishStep(ctx, step.key, {
      status: 'failed',
      error,
      ...(cacheKey === undefined ? {} : { cacheKey }),
    });
  }
}

/** A step no step needs to run for, because one it needs failed, was skipped or cancelled. */
export function skipStep(ctx: RunContext, step: PlannedStep, because: string): Promise<StepEnd> {
  return finishStep(ctx, step.key, { status: 'skipped', error: `needs ${because}` });
}

async function cacheKeyParts(ctx: RunContext, step: PlannedStep): Promise<CacheKeyParts> {
  const inputs: Record<string, string> = {};
  for (const need of step.needs) {
    const finished = ctx.finished.get(need);
    if (finished === undefined) throw new Error(`internal: ${need} has no recorded outputs`);
    inputs[need] = finished.outputsDigest;
  }
  const files = await hashDeclaredFiles(resolve(ctx.pipelineDir, step.workdir), step.files);
  return stepCacheKeyParts(step, files, inputs);
}

/**
 * The step of the resumed run to reuse: one that succeeded or was cached there, under the same
 * cache key (a step whose command, files, params or inputs changed since runs again).
 */
function reusable(
  resumeOf: PipelineRun | undefined,
  stepKey: string,
  cacheKey: string,
): PipelineStepRef | undefined {
  const old = resumeOf?.steps.find((s) => s.key === stepKey);
  if (resumeOf === undefined || old === undefined) return undefined;
  if (old.status !== 'succeeded' && old.status !== 'cached') return undefined;
  if (old.cacheKey !== undefined && old.cacheKey !== cacheKey) return undefined;
  // Point at where the outputs were made, not at a run that itself reused them.
  return old.cachedFrom ?? { runId: resumeOf.runId, stepKey };
}

function finishCached(
  ctx: RunContext,
  step: PlannedStep,
  cacheKey: string,
  cacheParts: CacheKeyParts,
  cachedFrom: PipelineStepRef,
): Promise<StepEnd> {
  return finishStep(ctx, step.key, { status: 'cached', cacheKey, cacheParts, cachedFrom });
}
