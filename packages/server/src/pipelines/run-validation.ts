import { MAX_PIPELINE_NAME_LENGTH, PIPELINE_NAME_PATTERN, invalidArgument } from '@slipway/core';
import type { PlannedStep } from '@slipway/core';

/** Path segments under /api/v1/pipelines that a pipeline's own routes would collide with. */
const RESERVED = new Set(['runs', 'cache']);

export function checkPipelineName(name: string): void {
  // The spec's own rule, so any pipeline a file can name can be recorded.
  if (!PIPELINE_NAME_PATTERN.test(name) || name.length > MAX_PIPELINE_NAME_LENGTH) {
    throw invalidArgument(
      `Invalid pipeline name '${name}': use 1-${MAX_PIPELINE_NAME_LENGTH} letters, digits, '.', '_' or '-', starting with a letter or digit.`,
    );
  }
  if (RESERVED.has(name)) {
    throw invalidArgument(`'${name}' cannot name a pipeline (it is a path of the API); rename it.`);
  }
}

/**
 * The steps of a run to record: keys unique, needs naming steps of the run, no cycle. Returns them
 * with each step's needs after the steps it needs, in the order given otherwise, so a client's
 * order is kept when it was already topological.
 */
export function checkPlannedSteps(steps: readonly PlannedStep[]): PlannedStep[] {
  const byKey = new Map<string, PlannedStep>();
  for (const step of steps) {
    if (byKey.has(step.key)) {
      throw invalidArgument(`Step key '${step.key}' appears twice; every step needs its own key.`);
    }
    byKey.set(step.key, step);
  }
  for (const step of steps) {
    for (const need of step.needs) {
      if (!byKey.has(need)) {
        throw invalidArgument(
          `Step '${step.key}' needs '${need}', which is not a step of the run.`,
        );
      }
    }
  }
  return topological(steps, byKey);
}

/**
 * Depth-first: each step after what it needs, the given order kept where it allows.
 * INVALID_ARGUMENT naming the cycle when the needs have one.
 */
function topological(
  steps: readonly PlannedStep[],
  byKey: ReadonlyMap<string, PlannedStep>,
): PlannedStep[] {
  const state = new Map<string, 'open' | 'placed'>();
  const order: PlannedStep[] = [];
  for (const root of steps) {
    if (state.has(root.key)) continue;
    // The stack is the path from root: a need still open on it closes a cycle.
    const stack: Array<{ step: PlannedStep; next: number }> = [{ step: root, next: 0 }];
    state.set(root.key, 'open');
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const need = top.step.needs[top.next];
      if (need === undefined) {
        state.set(top.step.key, 'placed');
        order.push(top.step);
        stack.pop();
        continue;
      }
      top.next += 1;
      const seen = state.get(need);
      if (seen === 'open') {
        const path = stack.map((frame) => frame.step.key);
        const cycle = [...path.slice(path.indexOf(need)), need];
        throw invalidArgument(`The steps' needs form a cycle: ${cycle.join(' -> ')}.`);
      }
      if (seen === undefined) {
        state.set(need, 'open');
        stack.push({ step: byKey.get(need)!, next: 0 });
      }
    }
  }
  return order;
}
