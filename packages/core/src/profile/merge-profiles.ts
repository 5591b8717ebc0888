import { invalidArgument } from '../errors.js';
import { combineShapes } from './column-shape.js';
import type {
  CategoricalSummary,
  ColumnProfile,
  DataProfile,
  NumericalSummary,
  ProfileLimits,
} from './data-profile.js';
import { hllEstimate, decodeRegisters } from './hyperloglog.js';
import { mergeCategorical, mergeNumerical, numericalAsCategorical } from './merge-summaries.js';
import { profileColumnType } from './profile-column-type.js';

type Summary = NumericalSummary | CategoricalSummary;

function asCategorical(s: Summary, limits: ProfileLimits, column: string): CategoricalSummary {
  return s.kind === 'categorical' ? s : numericalAsCategorical(s, limits.hllPrecision, column);
}

function mergeSummary(
  a: Summary | null,
  b: Summary | null,
  limits: ProfileLimits,
  column: string,
): Summary | null {
  if (a === null) return b === null ? null : structuredClone(b);
  if (b === null) return structuredClone(a);
  if (a.kind === 'numerical' && b.kind === 'numerical') return mergeNumerical(a, b, limits);
  return mergeCategorical(
    asCategorical(a, limits, column),
    asCategorical(b, limits, column),
    limits,
  );
}

function distinctOf(s: Summary | null, limits: ProfileLimits): [number, boolean] {
  if (s === null) return [0, true];
  if (s.kind === 'numerical') {
    return s.valueCounts ? [s.valueCounts.length, true] : [limits.maxNumericValueCounts + 1, false];
  }
  if (s.counts) return [s.counts.length, true];
  const registers = decodeRegisters(s.hll.registers);
  return [Math.round(hllEstimate({ precision: s.hll.precision, registers })), false];
}

function mergeColumn(a: ColumnProfile, b: ColumnProfile, limits: ProfileLimits): ColumnProfile {
  const summary = mergeSummary(a.summary, b.summary, limits, a.name);
  const [distinct, distinctExact] = distinctOf(summary, limits);
  const merged: ColumnProfile = {
    name: a.name,
    type: null,
    shape: combineShapes(a.shape, b.shape),
    count: a.count + b.count,
    missing: a.missing + b.missing,
    infinite: a.infinite + b.infinite,
    distinct,
    distinctExact,
    summary,
  };
  merged.type = profileColumnType(merged, undefined) ?? null;
  return merged;
}

function mergeLimits(a: ProfileLimits, b: ProfileLimits): ProfileLimits {
  for (const key of ['kllK', 'hllPrecision'] as const) {
    if (a[key] !== b[key]) {
      throw invalidArgument(
        `Cannot merge profiles made with ${key} ${a[key]} and ${b[key]}; re-profile one of them ` +
          'with the same options.',
      );
    }
  }
  return {
    ...a,
    maxNumericValueCounts: Math.min(a.maxNumericValueCounts, b.maxNumericValueCounts),
    maxCategoryCounts: Math.min(a.maxCategoryCounts, b.maxCategoryCounts),
    maxExactValues: Math.min(a.maxExactValues, b.maxExactValues),
    frequentItemsK: Math.min(a.frequentItemsK, b.frequentItemsK),
  };
}

/**
 * The profile of two data sets with the same columns taken together: counts and moments add
 * (exactly), sketches merge within their error bounds, and exact parts stay exact while the
 * union stays under the limits, otherwise they give way to the sketches.
 */
export function mergeProfiles(a: DataProfile, b: DataProfile): DataProfile {
  const namesA = a.columns.map((c) => c.name);
  const namesB = new Set(b.columns.map((c) => c.name));
  const differ = namesA.length !== namesB.size || namesA.some((n) => !namesB.has(n));
  if (differ) {
    throw invalidArgument(
      `Profiles to merge must have the same columns; got [${namesA.join(', ')}] and ` +
        `[${[...namesB].join(', ')}].`,
    );
  }
  const limits = mergeLimits(a.limits, b.limits);
  const byName = new Map(b.columns.map((c) => [c.name, c]));
  return {
    format: a.format,
    rowCount: a.rowCount + b.rowCount,
    limits,
    columns: a.columns.map((c) => mergeColumn(c, byName.get(c.name)!, limits)),
  };
}
