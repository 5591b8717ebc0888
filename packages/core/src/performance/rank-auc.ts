/**
 * Area under the ROC curve of one score column against a positive mask, by ranks: sort once, walk
 * groups of tied scores, and credit each positive with the negatives ranked below it (half for
 * ties). Equals scikit-learn's trapezoidal area under roc_curve. `order` is scratch space of n
 * entries, reused across calls.
 *
 * Returns NaN when the mask has no positive or no negative row.
 */
export function rankAuc(
  n: number,
  scoreAt: (row: number) => number,
  positive: Uint8Array,
  order: Uint32Array,
): number {
  for (let i = 0; i < n; i++) order[i] = i;
  const sorted = order.subarray(0, n).sort((a, b) => scoreAt(a) - scoreAt(b));
  let negativesBelow = 0;
  let credit = 0;
  let positives = 0;
  let start = 0;
  while (start < n) {
    const score = scoreAt(sorted[start]!);
    let end = start;
    let groupPositives = 0;
    while (end < n && scoreAt(sorted[end]!) === score) {
      groupPositives += positive[sorted[end]!]!;
      end += 1;
    }
    const groupNegatives = end - start - groupPositives;
    credit += groupPositives * (negativesBelow + 0.5 * groupNegatives);
    negativesBelow += groupNegatives;
    positives += groupPositives;
    start = end;
  }
  const negatives = n - positives;
  return positives === 0 || negatives === 0 ? Number.NaN : credit / (positives * negatives);
}
