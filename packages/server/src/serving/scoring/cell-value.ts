import { invalidArgument } from '@slipway/core';
import type { ColumnType } from '@slipway/core';

/**
 * How string cells are taken: `parse` for text formats (CSV bodies and files), where every cell
 * is text; `reject` for JSON, where a string in a numeric column is a client mistake.
 */
export type StringCells = 'parse' | 'reject';

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const INTEGER = /^[+-]?\d+$/;
const SPECIAL: Readonly<Record<string, number>> = {
  nan: Number.NaN,
  inf: Number.POSITIVE_INFINITY,
  '+inf': Number.POSITIVE_INFINITY,
  infinity: Number.POSITIVE_INFINITY,
  '+infinity': Number.POSITIVE_INFINITY,
  '-inf': Number.NEGATIVE_INFINITY,
  '-infinity': Number.NEGATIVE_INFINITY,
};

function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return value.toString();
  if (value === undefined) return 'nothing';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function fail(where: () => string, value: unknown, why: string): never {
  throw invalidArgument(`${where()}: ${shown(value)} ${why}.`);
}

/**
 * One tabular cell as a number, checked against the column's declared type:
 * - float / double: any number; null (and an empty text cell) is NaN, as pandas reads a gap.
 * - integer / long: a whole number; a missing value cannot be an integer.
 * - boolean: true / false (or 1 / 0); text cells also take true/false in any case.
 * Bigints (INT64 columns of Parquet files) count as numbers when exactly representable.
 */
export function cellToNumber(
  value: unknown,
  type: ColumnType,
  strings: StringCells,
  where: () => string,
): number {
  let cell = value;
  if (typeof cell === 'bigint') {
    const asNumber = Number(cell);
    if (BigInt(asNumber) !== cell) fail(where, value, 'is too large to be represented exactly');
    cell = asNumber;
  }
  if (typeof cell === 'string') {
    if (strings === 'reject') fail(where, value, `is a string, but the column is ${type}`);
    cell = parseText(cell, type, where);
  }
  switch (type) {
    case 'float':
    case 'double':
      if (typeof cell === 'number') return cell;
      if (cell === null) return Number.NaN;
      return fail(where, value, `is not a number (the column is ${type})`);
    case 'integer':
    case 'long':
      if (typeof cell === 'number' && Number.isInteger(cell)) return cell;
      if (cell === null) return fail(where, value, `is missing, but the column is ${type}`);
      return fail(where, value, `is not a whole number (the column is ${type})`);
    case 'boolean':
      if (cell === true || cell === 1) return 1;
      if (cell === false || cell === 0) return 0;
      return fail(where, value, 'is not a boolean (true or false)');
  }
}

function parseText(text: string, type: ColumnType, where: () => string): unknown {
  const trimmed = text.trim();
  if (type === 'boolean') {
    const lower = trimmed.toLowerCase();
    if (lower === 'true' || lower === '1') return true;
    if (lower === 'false' || lower === '0') return false;
    return fail(where, text, 'is not a boolean (true or false)');
  }
  if (trimmed === '') return null;
  if (type === 'integer' || type === 'long') {
    if (!INTEGER.test(trimmed)) fail(where, text, `is not a whole number (the column is ${type})`);
    return Number(trimmed);
  }
  const special = SPECIAL[trimmed.toLowerCase()];
  if (special !== undefined) return special;
  if (!DECIMAL.test(trimmed)) fail(where, text, `is not a number (the column is ${type})`);
  return Number(trimmed);
}
