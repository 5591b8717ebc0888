import { invalidArgument } from '@slipway/core';
import { jsonText } from '../scoring/json-text.js';
import type { ColumnKind } from './batch-types.js';

const SPECIAL: Readonly<Record<string, number>> = {
  nan: Number.NaN,
  inf: Number.POSITIVE_INFINITY,
  infinity: Number.POSITIVE_INFINITY,
  '-inf': Number.NEGATIVE_INFINITY,
  '-infinity': Number.NEGATIVE_INFINITY,
};

function mismatch(column: string, value: unknown, kind: ColumnKind): never {
  throw invalidArgument(
    `Column '${column}' holds ${jsonText(value)}, which does not fit its type (${kind}) in the output; the column's values must all have one type.`,
  );
}

/**
 * A cell as a value of its column's kind, for typed outputs (Parquet, JSONL). Text cells of CSV
 * inputs are parsed here; null and undefined stay null; anything that does not fit is an error
 * naming the column, never a silent null.
 */
export function cellOfKind(value: unknown, kind: ColumnKind, column: string): unknown {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'double':
      if (typeof value === 'number') return value;
      if (typeof value === 'bigint') return Number(value);
      if (typeof value === 'string') {
        const text = value.trim();
        if (text === '') return null;
        const special = SPECIAL[text.toLowerCase().replace(/^\+/, '')];
        if (special !== undefined) return special;
        const parsed = Number(text);
        if (!Number.isNaN(parsed)) return parsed;
      }
      return mismatch(column, value, kind);
    case 'int64':
      if (typeof value === 'bigint') return value;
      if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
      if (typeof value === 'string') {
        const text = value.trim();
        if (text === '') return null;
        if (/^[+-]?\d+$/.test(text)) return BigInt(text);
      }
      return mismatch(column, value, kind);
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 0 || value === 1) return value === 1;
      if (typeof value === 'string') {
        const text = value.trim().toLowerCase();
        if (text === '') return null;
        if (text === 'true' || text === '1') return true;
        if (text === 'false' || text === '0') return false;
      }
      return mismatch(column, value, kind);
    case 'string':
      return textOf(value);
    case 'json':
      return value;
  }
}

/** A cell as text: CSV cells and Parquet string columns. */
export function textOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return String(value);
    if (Number.isNaN(value)) return 'NaN';
    return value > 0 ? 'inf' : '-inf';
  }
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  return jsonText(value);
}

/** The kind a column's values suggest, from the first non-null values of a sample. */
export function inferKind(values: Iterable<unknown>): ColumnKind {
  let kind: ColumnKind | undefined;
  for (const value of values) {
    if (value === null || value === undefined) continue;
    const next: ColumnKind =
      typeof value === 'number'
        ? 'double'
        : typeof value === 'bigint'
          ? 'int64'
          : typeof value === 'boolean'
            ? 'boolean'
            : typeof value === 'string'
              ? 'string'
              : 'json';
    if (kind !== undefined && kind !== next) return 'json';
    kind = next;
  }
  return kind ?? 'string';
}
