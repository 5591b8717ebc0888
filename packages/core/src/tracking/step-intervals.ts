/** Inclusive integer interval of steps. */
export interface StepInterval {
  min: number;
  max: number;
}

/**
 * The union of step intervals as sorted, disjoint, non-adjacent intervals (`[0, 4]` and `[5, 9]`
 * join into `[0, 9]`: steps are integers).
 */
export function mergeStepIntervals(intervals: readonly StepInterval[]): StepInterval[] {
  const sorted = [...intervals].sort((a, b) => a.min - b.min);
  const merged: StepInterval[] = [];
  for (const next of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && next.min <= last.max + 1) last.max = Math.max(last.max, next.max);
    else merged.push({ ...next });
  }
  return merged;
}

/** How many steps merged intervals hold. */
export function countSteps(merged: readonly StepInterval[]): number {
  return merged.reduce((sum, interval) => sum + interval.max - interval.min + 1, 0);
}

/**
 * The steps at ascending 0-based `positions` of the sorted steps that merged intervals hold,
 * without listing those steps: one walk over the intervals and positions together.
 */
export function stepsAtPositions(
  merged: readonly StepInterval[],
  positions: readonly number[],
): number[] {
  const steps: number[] = [];
  let index = 0;
  let before = 0; // steps in the intervals before merged[index]
  for (const position of positions) {
    let interval = merged[index];
    while (interval !== undefined && position >= before + interval.max - interval.min + 1) {
      before += interval.max - interval.min + 1;
      index += 1;
      interval = merged[index];
    }
    if (interval === undefined) break;
    steps.push(interval.min + position - before);
  }
  return steps;
}
