import { isSlipwayError, outputsDigest } from '@slipway/core';
import type { PipelineStep } from '@slipway/core';
import type { FinishPipelineStepInput } from '@slipway/sdk';
import type { RunContext } from './run-context.js';
import type { StepEnd } from './runner-events.js';

/**
 * Records the end of a step and keeps its outputs for the steps that need it. A CONFLICT means the
 * run was cancelled meanwhile (the server has already ended the step): the step counts as
 * cancelled. Any other failure to record is reported and the step counts as failed.
 */
export async function finishStep(
  ctx: RunContext,
  stepKey: string,
  input: FinishPipelineStepInput,
  extra: Pick<StepEnd, 'durationMs'> = {},
): Promise<StepEnd> {
  const end: StepEnd = {
    status: input.status,
    ...extra,
    ...(input.cacheKey === undefined ? {} : { cacheKey: input.cacheKey }),
    ...(input.exitCode === undefined ? {} : { exitCode: input.exitCode }),
    ...(input.error === undefined ? {} : { error: input.error }),
    ...(input.cachedFrom === undefined ? {} : { cachedFrom: input.cachedFrom }),
  };
  let recorded: PipelineStep;
  try {
    recorded = (await ctx.recorder.finishStep(ctx.runId, stepKey, { worker: ctx.worker, ...input }))
      .step;
  } catch (err) {
    if (isSlipwayError(err) && err.code === 'CONFLICT') {
      return { ...end, status: 'cancelled', error: err.message };
    }
    const error = `could not record the step's end: ${err instanceof Error ? err.message : String(err)}`;
    ctx.events.warning?.(`${stepKey}: ${error}`);
    return { ...end, status: 'failed', error };
  }
  if (input.status === 'succeeded' || input.status === 'cached') {
    ctx.finished.set(stepKey, {
      outputs: recorded.outputs,
      outputsDigest: recorded.outputsDigest ?? outputsDigest(recorded.outputs),
    });
  }
  return end;
}
