/** A two-sided test of candidate − control, with the confidence interval of that difference. */
export interface DifferenceTest {
  /** Candidate minus control. */
  readonly difference: number;
  /** z or t. */
  readonly statistic: number;
  /** Two-sided. */
  readonly pValue: number;
  readonly confidenceInterval: {
    readonly lower: number;
    readonly upper: number;
    /** 1 − alpha. */
    readonly level: number;
  };
  /** p-value below alpha and an interval that excludes 0. */
  readonly significant: boolean;
}

/** A test result, or why the data cannot support one yet (too few rows, no variation). */
export type TestOutcome<T extends DifferenceTest> =
  ({ readonly defined: true } & T) | { readonly defined: false; readonly reason: string };

export function isSignificant(
  pValue: number,
  lower: number,
  upper: number,
  alpha: number,
): boolean {
  return pValue < alpha && (lower > 0 || upper < 0);
}
