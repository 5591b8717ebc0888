/**
 * TensorBoard's smoothing (also MLflow's slider): an exponential moving average with weight
 * `weight` (0 = none, towards 1 = smoother), debiased so the first points are not pulled towards
 * zero. Non-finite values are passed through and do not enter the average; a constant series is
 * returned as it is, so rounding never makes a flat line wobble.
 */
export function smoothEma(values: readonly number[], weight: number): number[] {
  if (weight <= 0 || values.length === 0) return [...values];
  const first = values[0];
  if (values.every((v) => v === first)) return [...values];
  const w = Math.min(weight, 0.999);
  let last = 0;
  let accumulated = 0;
  return values.map((value) => {
    if (!Number.isFinite(value)) return value;
    last = last * w + (1 - w) * value;
    accumulated += 1;
    return last / (1 - w ** accumulated);
  });
}
