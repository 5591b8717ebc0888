/** Per-class counts from encoded labels: the sufficient statistics of accuracy, precision, recall and F1. */
export interface ClassCounts {
  /** Rows predicted as the class that are the class. */
  readonly truePositives: Float64Array;
  /** Rows predicted as the class. */
  readonly predicted: Float64Array;
  /** Rows that are the class (support). */
  readonly actual: Float64Array;
  readonly rows: number;
}

export function countClasses(
  yTrue: Int32Array,
  yPred: Int32Array,
  classCount: number,
): ClassCounts {
  const truePositives = new Float64Array(classCount);
  const predicted = new Float64Array(classCount);
  const actual = new Float64Array(classCount);
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i]!;
    const p = yPred[i]!;
    actual[t]! += 1;
    predicted[p]! += 1;
    if (t === p) truePositives[t]! += 1;
  }
  return { truePositives, predicted, actual, rows: yTrue.length };
}
