import { readFileSync } from 'node:fs';

export interface GoldenBreastCancer {
  columns: string[];
  /** scikit-learn's input rows (float32 values printed as float64). */
  inputs: number[][];
  /** scikit-learn's P(benign) per row, computed in float64. */
  expected: number[][];
}

export function goldenBreastCancer(): GoldenBreastCancer {
  const url = new URL('../../fixtures/models/breast_cancer_logreg.expected.json', import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as GoldenBreastCancer;
}

/** Largest error relative to max(1, |expected|): 1e-5 absolute for probabilities. */
export function worstError(actual: readonly number[], expected: readonly number[][]): number {
  return Math.max(
    ...actual.map((value, row) => {
      const want = expected[row]?.[0] ?? NaN;
      return Math.abs(value - want) / Math.max(1, Math.abs(want));
    }),
  );
}
