import { toDriftSample } from './column-sample.js';
import { defaultStatTest } from './default-stattest.js';
import { DEFAULT_DRIFT_SHARE } from './drift-options.js';
import type { DriftOptions } from './drift-options.js';
import { planDrift } from './drift-plan.js';
import type { ColumnPlan, DriftInput } from './drift-plan.js';
import { STAT_TESTS } from './tests/registry.js';
import type { StatTestName } from './tests/registry.js';
import type { DriftColumnType, ScoreKind, StatTestOutcome } from './tests/stat-test.js';

export interface ColumnDrift {
  column: string;
  /** null when the column has no value on either side. */
  type: DriftColumnType | null;
  stattest: StatTestName | null;
  scoreKind: ScoreKind | null;
  score: number | null;
  threshold: number | null;
  driftDetected: boolean;
  /** Why the column was not tested; skipped columns do not count towards the drift share. */
  skipped?: string;
  /** Values left after dropping missing ones (null, NaN, ±Infinity). */
  referenceCount: number;
  currentCount: number;
}

export interface DriftReport {
  datasetDrift: boolean;
  /** Share of tested columns that drifted. */
  driftShare: number;
  driftShareThreshold: number;
  numberOfColumns: number;
  numberOfDriftedColumns: number;
  columns: ColumnDrift[];
}

/** A column the report lists without a score, and why. */
export function skippedColumn(
  plan: ColumnPlan,
  reason: string,
  counts: readonly [number, number] = [0, 0],
): ColumnDrift {
  return {
    column: plan.column,
    type: plan.type,
    stattest: plan.stattest ?? null,
    scoreKind: null,
    score: null,
    threshold: null,
    driftDetected: false,
    skipped: reason,
    referenceCount: counts[0]!,
    currentCount: counts[1]!,
  };
}

function columnDrift(plan: ColumnPlan): ColumnDrift {
  if (plan.skipped !== undefined || plan.type === null || plan.type === 'text') {
    return skippedColumn(plan, plan.skipped ?? 'not tested');
  }
  const ref = toDriftSample(plan.reference!, plan.type, plan.column);
  const cur = toDriftSample(plan.current!, plan.type, plan.column);
  const counts = [ref.size, cur.size] as const;
  if (ref.size === 0)
    return skippedColumn(
      plan,
      'no values in the reference data after dropping missing ones',
      counts,
    );
  if (cur.size === 0)
    return skippedColumn(plan, 'no values in the current data after dropping missing ones', counts);
  const name = plan.stattest ?? defaultStatTest(plan.type, ref, cur);
  return scoredColumn(plan, name, STAT_TESTS[name].score(ref, cur), counts);
}

/** A tested column's entry in the report: its test's score against the threshold, or why not. */
export function scoredColumn(
  plan: ColumnPlan,
  name: StatTestName,
  outcome: StatTestOutcome,
  counts: readonly [number, number],
): ColumnDrift {
  const test = STAT_TESTS[name];
  const threshold = plan.threshold ?? test.defaultThreshold;
  const base = { ...plan, stattest: name };
  if ('skipped' in outcome) return skippedColumn(base, outcome.skipped, counts);
  if (Number.isNaN(outcome.score))
    return skippedColumn(base, `${name} gave no score for this data`, counts);
  return {
    column: plan.column,
    type: plan.type,
    stattest: name,
    scoreKind: test.scoreKind,
    score: outcome.score,
    threshold,
    driftDetected: test.isDrift(outcome.score, threshold),
    referenceCount: counts[0],
    currentCount: counts[1],
  };
}

/**
 * Evidently-compatible data drift between a reference and a current data set: one statistical
 * test per column (Evidently's default selection unless chosen), then dataset drift when the
 * share of drifted columns reaches `driftShare`. Invalid options throw INVALID_ARGUMENT before
 * any column is tested.
 */
export function computeDrift(
  reference: DriftInput,
  current: DriftInput,
  options: DriftOptions = {},
): DriftReport {
  const plans = planDrift(reference, current, options);
  const columns = plans.map(columnDrift);
  const tested = columns.filter((c) => c.skipped === undefined);
  const drifted = tested.filter((c) => c.driftDetected).length;
  const driftShareThreshold = options.driftShare ?? DEFAULT_DRIFT_SHARE;
  const driftShare = tested.length === 0 ? 0 : drifted / tested.length;
  return {
    datasetDrift: tested.length > 0 && driftShare >= driftShareThreshold,
    driftShare,
    driftShareThreshold,
    numberOfColumns: tested.length,
    numberOfDriftedColumns: drifted,
    columns,
  };
}
