/**
 * Which steps MLflow's get-history-bulk-interval returns: up to `maxResults` steps spread evenly over
 * the steps that were actually logged (across all runs) inside [startStep, endStep], plus each run's
 * first and last step so every curve keeps its end points.
 */
export function sampleMetricSteps(
  stepsPerRun: number[][],
  maxResults: number,
  range?: { startStep: number; endStep: number },
): number[] {
  const allSteps = [...new Set(stepsPerRun.flat())].sort((a, b) => a - b);
  const start = range?.startStep ?? 0;
  const end = range?.endStep ?? allSteps[allSteps.length - 1] ?? 0;
  const inRange = allSteps.filter((s) => s >= start && s <= end);
  const chosen = new Set<number>();
  if (inRange.length <= maxResults) {
    inRange.forEach((s) => chosen.add(s));
  } else {
    const interval = inRange.length / maxResults;
    for (let i = 0; i < maxResults; i++) {
      const step = inRange[Math.floor(i * interval)];
      if (step !== undefined) chosen.add(step);
    }
    const last = inRange[inRange.length - 1];
    if (last !== undefined) chosen.add(last);
  }
  for (const steps of stepsPerRun) {
    if (steps.length === 0) continue;
    // reduce rather than Math.min(...steps): a long history would overflow the argument list.
    const first = steps.reduce((a, b) => Math.min(a, b));
    const last = steps.reduce((a, b) => Math.max(a, b));
    for (const edge of [first, last]) {
      if (edge >= start && edge <= end) chosen.add(edge);
    }
  }
  return [...chosen].sort((a, b) => a - b);
}
