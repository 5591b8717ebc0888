import {
  computeDrift,
  driftFromProfiles,
  profileDriftDistributions,
  validate,
} from '@slipway/core';
import type {
  ColumnDistribution,
  ColumnarTable,
  DataProfile,
  DriftReport,
  DriftOptions,
  ExpectationSuite,
  MonitorSpec,
  MonitorVersionResult,
  ValidationResult,
} from '@slipway/core';
import type { WindowRow } from '../../prediction-log/prediction-window.js';
import { driftDistributions } from '../drift/drift-distributions.js';
import { windowPerformance } from './window-performance.js';

/** What a run compares every version against. */
export type ReferenceData =
  | { kind: 'profile'; profile: DataProfile }
  | { kind: 'table'; table: ColumnarTable; description: string };

export interface VersionInput {
  version: string | null;
  rows: readonly WindowRow[];
  /** The watched features of these rows. */
  features: ColumnarTable;
}

type ValidationSummary = NonNullable<MonitorVersionResult['validation']>;
type StoredDrift = NonNullable<MonitorVersionResult['drift']>;

/**
 * The report with each tested column's reference and current distributions (at most 30 bins or
 * 20 categories plus "other" each, so a stored result stays small), for the UI and run reports
 * to draw without re-reading the data.
 */
function withDistributions(
  drift: DriftReport,
  reference: ReferenceData,
  features: ColumnarTable,
): StoredDrift {
  const distributions: Map<string, ColumnDistribution> =
    reference.kind === 'profile'
      ? profileDriftDistributions(drift, reference.profile, features)
      : driftDistributions(drift, reference.table, features);
  return {
    ...drift,
    columns: drift.columns.map((c) => {
      const distribution = c.skipped === undefined ? distributions.get(c.column) : undefined;
      return distribution === undefined ? c : { ...c, distribution };
    }),
  };
}

function failedExpectation(result: ValidationResult['results'][number]): string {
  const kwargs = result.kwargs as Record<string, unknown>;
  const columns = [kwargs['column'], kwargs['column_A'], kwargs['column_B'], kwargs['column_list']]
    .flat()
    .filter((c): c is string => typeof c === 'string');
  return columns.length === 0
    ? result.expectation_type
    : `${result.expectation_type} (${columns.join(', ')})`;
}

function validationSummary(result: ValidationResult): ValidationSummary {
  return {
    success: result.success,
    evaluated: result.statistics.evaluated_expectations,
    failed: result.statistics.unsuccessful_expectations,
    failedExpectations: result.results.filter((r) => !r.success).map(failedExpectation),
  };
}

/**
 * One version's (or all traffic's) verdict: not judged below minRows or without reference rows;
 * else drift against the reference (from its profile when it is one), the validation suite on
 * the watched features, and performance from ground truth.
 */
export function judgeVersion(
  spec: MonitorSpec,
  input: VersionInput,
  reference: ReferenceData,
  suite: ExpectationSuite | undefined,
): MonitorVersionResult {
  const { version, rows, features } = input;
  const base = { version, rows: rows.length };
  if (rows.length < spec.minRows) {
    return {
      ...base,
      judged: false,
      skipped: `${rows.length} predictions in the window, fewer than minRows (${spec.minRows}).`,
    };
  }
  if (reference.kind === 'table' && reference.table.rowCount === 0) {
    return { ...base, judged: false, skipped: `No reference rows: ${reference.description}.` };
  }
  const options: DriftOptions = {
    ...spec.drift,
    columns: spec.drift?.columns ?? [...features.columnNames],
  };
  const drift =
    reference.kind === 'profile'
      ? driftFromProfiles(reference.profile, features, options)
      : computeDrift(reference.table, features, options);
  return {
    ...base,
    judged: true,
    drift: withDistributions(drift, reference, features),
    ...(suite === undefined ? {} : { validation: validationSummary(validate(features, suite)) }),
    ...(spec.performance === undefined
      ? {}
      : { performance: windowPerformance(spec.performance, rows) }),
  };
}
