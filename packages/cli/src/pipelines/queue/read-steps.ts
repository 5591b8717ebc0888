import type { PipelineStep } from '@slipway/core';
import type { PipelinesApi, PipelineStepsState } from '@slipway/sdk';

/**
 * Keys go in the URL (`?key=a&key=b`), whose request line must stay well under Node's 16 KiB
 * header limit: a call takes keys until their encoded length reaches this, and at most 500.
 */
const MAX_QUERY_CHARS = 6000;
const MAX_KEYS = 500;

/**
 * The named steps of a run, in as few `getSteps` calls as the URL length allows, with the run's
 * state as the last call saw it. An empty list asks nothing.
 */
export async function readSteps(
  pipelines: Pick<PipelinesApi, 'getSteps'>,
  runId: string,
  keys: readonly string[],
): Promise<PipelineStepsState | undefined> {
  let state: PipelineStepsState | undefined;
  const steps: PipelineStep[] = [];
  for (const chunk of chunks(keys)) {
    state = await pipelines.getSteps(runId, chunk);
    steps.push(...state.steps);
  }
  return state === undefined ? undefined : { ...state, steps };
}

function* chunks(keys: readonly string[]): Generator<string[]> {
  let chunk: string[] = [];
  let chars = 0;
  for (const key of keys) {
    const size = encodeURIComponent(key).length + 5;
    if (chunk.length > 0 && (chars + size > MAX_QUERY_CHARS || chunk.length >= MAX_KEYS)) {
      yield chunk;
      chunk = [];
      chars = 0;
    }
    chunk.push(key);
    chars += size;
  }
  if (chunk.length > 0) yield chunk;
}
