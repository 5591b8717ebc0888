import type { Column, ColumnarTable } from '../data/table.js';
import { inferColumnType } from '../drift/column-type.js';
import { columnShape, isNumericShape } from './column-shape.js';
import { DATA_PROFILE_FORMAT } from './data-profile.js';
import type { ColumnProfile, DataProfile, ProfileLimits } from './data-profile.js';
import { profileCategorical } from './profile-categorical.js';
import { resolveLimits } from './profile-limits.js';
import type { ProfileOptions } from './profile-limits.js';
import { profileNumerical } from './profile-numerical.js';

export function profileColumn(name: string, column: Column, limits: ProfileLimits): ColumnProfile {
  const shape = columnShape(column);
  const numeric = column instanceof Float64Array || isNumericShape(shape);
  const part = numeric ? profileNumerical(column, limits) : profileCategorical(column, limits);
  return {
    name,
    type: inferColumnType(column) ?? null,
    shape,
    count: column.length,
    ...part,
  };
}

/**
 * Summarises a data set once so that monitors never re-read it: per column counts, missing and
 * infinite values, and either numerical moments, a KLL quantile sketch and exact value counts
 * (while few), or categorical counts (exact while few, else frequent items plus a HyperLogLog).
 * Columns of at most `maxExactValues` values keep their values, so drift from them is exact.
 * Deterministic for a given seed; the result is plain JSON (see `dataProfileSchema`).
 */
export function profileTable(table: ColumnarTable, options: ProfileOptions = {}): DataProfile {
  const limits = resolveLimits(options);
  const columns = table.columnNames.map((name) =>
    profileColumn(name, table.columns.get(name) ?? [], limits),
  );
  return { format: DATA_PROFILE_FORMAT, rowCount: table.rowCount, limits, columns };
}
