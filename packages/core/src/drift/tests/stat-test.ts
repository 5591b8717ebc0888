import type { DriftSample } from '../sample.js';

export type DriftColumnType = 'numerical' | 'categorical' | 'text';
export type TestedColumnType = Exclude<DriftColumnType, 'text'>;

/** Whether a test's score is a p-value (drift when small) or a distance (drift when large). */
export type ScoreKind = 'p_value' | 'distance';

export type StatTestOutcome = { score: number } | { skipped: string };

/** One of Evidently's drift tests, under Evidently's name and with its defaults and drift rule. */
export interface StatTest {
  readonly name: string;
  readonly displayName: string;
  /** Column types a user may choose this test for (the default selection may go further). */
  readonly columnTypes: readonly TestedColumnType[];
  readonly defaultThreshold: number;
  readonly scoreKind: ScoreKind;
  /** Evidently's comparison, which differs between tests (e.g. ks uses <=, chisquare <). */
  isDrift(score: number, threshold: number): boolean;
  score(reference: DriftSample, current: DriftSample): StatTestOutcome;
}

export const pBelow = (score: number, threshold: number): boolean => score < threshold;
export const pAtOrBelow = (score: number, threshold: number): boolean => score <= threshold;
export const distanceAtOrAbove = (score: number, threshold: number): boolean => score >= threshold;
export const distanceAbove = (score: number, threshold: number): boolean => score > threshold;
