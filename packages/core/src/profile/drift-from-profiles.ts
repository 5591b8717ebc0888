import type { Column, ColumnarTable } from '../data/table.js';
import { scoredColumn, skippedColumn } from '../drift/compute-drift.js';
import type { ColumnDrift, DriftReport } from '../drift/compute-drift.js';
import { DEFAULT_DRIFT_SHARE } from '../drift/drift-options.js';
import type { DriftOptions } from '../drift/drift-options.js';
import { planDrift } from '../drift/drift-plan.js';
import type { ColumnPlan } from '../drift/drift-plan.js';
import type { DriftColumnType } from '../drift/tests/stat-test.js';
import { invalidArgument } from '../errors.js';
import { DATA_PROFILE_FORMAT } from './data-profile.js';
import type { ColumnProfile, DataProfile } from './data-profile.js';
import { profileColumnType } from './profile-column-type.js';
import { sideFromColumn, sideFromProfile } from './profile-side.js';
import type { ProfileSide } from './profile-side.js';
import { defaultProfileStatTest, scoreSides } from './profile-stat-test.js';
import { profileColumn } from './profile-table.js';
import { resolveLimits } from './profile-limits.js';

interface CurrentSource {
  names: string[];
  profile(name: string): ColumnProfile | undefined;
  side(name: string, type: 'numerical' | 'categorical'): ProfileSide | string;
}

function currentSource(current: DataProfile | ColumnarTable, ref: DataProfile): CurrentSource {
  if ('format' in current) {
    const byName = new Map(current.columns.map((c) => [c.name, c]));
    return {
      names: current.columns.map((c) => c.name),
      profile: (name) => byName.get(name),
      side: (name, type) => sideFromProfile(byName.get(name)!, type),
    };
  }
  // Types are inferred from a light profile of the current columns; the tests read the rows.
  const limits = resolveLimits({ ...ref.limits, kllK: 8, maxExactValues: 0 });
  const profiles = new Map<string, ColumnProfile>();
  const column = (name: string): Column => current.columns.get(name) ?? [];
  return {
    names: [...current.columnNames],
    profile: (name) =>
      current.columns.has(name)
        ? (profiles.get(name) ??
          profiles.set(name, profileColumn(name, column(name), limits)).get(name))
        : undefined,
    side: (name, type) => sideFromColumn(column(name), type, name),
  };
}

const skipped = skippedColumn;

function columnDrift(plan: ColumnPlan, ref: ColumnProfile, cur: CurrentSource): ColumnDrift {
  if (plan.skipped !== undefined || plan.type === null || plan.type === 'text') {
    return skipped(plan, plan.skipped ?? 'not tested');
  }
  const r = sideFromProfile(ref, plan.type);
  const c = cur.side(plan.column, plan.type);
  const counts: [number, number] = [
    typeof r === 'string' ? 0 : r.n,
    typeof c === 'string' ? 0 : c.n,
  ];
  if (r === 'empty' || (typeof r !== 'string' && r.n === 0))
    return skipped(plan, 'no values in the reference data after dropping missing ones', counts);
  if (c === 'empty' || (typeof c !== 'string' && c.n === 0))
    return skipped(plan, 'no values in the current data after dropping missing ones', counts);
  if (typeof r === 'string') return skipped(plan, r, counts);
  if (typeof c === 'string') return skipped(plan, c, counts);
  const name = plan.stattest ?? defaultProfileStatTest(plan.type, r, c);
  return scoredColumn(plan, name, scoreSides(name, r, c), [r.n, c.n]);
}

/**
 * `computeDrift` with the reference (and optionally the current data) summarised as profiles:
 * same report, test names, defaults, thresholds and column selection, with Evidently's
 * 1,000-row rule and distinct counts read off the profiles' true counts. Scores are exact where
 * both sides are exact (kept values or value counts, or a current table); otherwise numerical
 * ks, wasserstein, jensenshannon, psi and kl_div are computed from the KLL CDFs (p-values at the
 * true sizes), t_test from the moments (exact), other numerical tests on quantile
 * pseudo-samples, and categorical tests on frequent-item counts plus one "other" category.
 * Error bounds: see the profile approximation-error notes (approximation-error.test.ts).
 */
export function driftFromProfiles(
  reference: DataProfile,
  current: DataProfile | ColumnarTable,
  options: DriftOptions = {},
): DriftReport {
  for (const [side, p] of [
    ['reference', reference],
    ['current', current],
  ] as const) {
    if ('format' in p && p.format !== DATA_PROFILE_FORMAT) {
      throw invalidArgument(
        `The ${side} profile has format '${String(p.format)}'; this version reads '${DATA_PROFILE_FORMAT}'. Profile the data again.`,
      );
    }
  }
  const refByName = new Map(reference.columns.map((c) => [c.name, c]));
  const cur = currentSource(current, reference);
  const placeholder = (names: string[]) =>
    Object.fromEntries(names.map((n) => [n, new Float64Array(0)]));
  const inferred: Record<string, DriftColumnType> = {};
  for (const name of new Set([...refByName.keys(), ...cur.names])) {
    const type = profileColumnType(refByName.get(name), cur.profile(name));
    if (type !== undefined) inferred[name] = type;
  }
  const plans = planDrift(placeholder([...refByName.keys()]), placeholder(cur.names), {
    ...options,
    columnTypes: { ...inferred, ...options.columnTypes },
  });
  const columns = plans.map((plan) => columnDrift(plan, refByName.get(plan.column)!, cur));
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
