import type { CellValue } from '../data/table.js';

/** One slot of a column: a Float64Array gives numbers, a value array gives cells. */
export type Cell = CellValue | undefined;

// Readers of untyped formats (CSV) hand numbers over as text, so a value array's strings are read
// as numbers wherever an expectation needs one. Hex, empty and thousands-separated text is not a number.
const NUMERIC_LITERAL = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/u;
const INFINITY_LITERAL = /^\s*[+-]?inf(?:inity)?\s*$/iu;
const BOOLEAN_LITERAL = /^(?:true|false)$/iu;

/** Missing: null (value arrays; readers turn empty CSV cells into null) or NaN (numeric columns). */
export function isMissing(value: Cell): boolean {
  return (
    value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))
  );
}

/** The number a value stands for: numbers as is, numeric text parsed; NaN for anything else. */
export function readNumber(value: Cell): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return Number.NaN;
  if (NUMERIC_LITERAL.test(value)) return Number(value);
  if (INFINITY_LITERAL.test(value)) {
    return value.trimStart().startsWith('-') ? -Infinity : Infinity;
  }
  return Number.NaN;
}

/** The boolean a value stands for (true/false or their text in any case); undefined otherwise. */
export function readBoolean(value: Cell): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && BOOLEAN_LITERAL.test(value)) {
    return value.length === 4;
  }
  return undefined;
}

/**
 * The value a cell means, for equality (sets, uniqueness): numeric text becomes its number and
 * true/false text its boolean, so "7", "7.0" and 7 are one value, as are "TRUE" and true. Other
 * strings stay as they are. Missing becomes null. Allocates nothing.
 */
export function canonicalValue(value: Cell): string | number | boolean | null {
  if (isMissing(value)) return null;
  if (typeof value !== 'string') return value ?? null;
  const number = readNumber(value);
  if (!Number.isNaN(number)) return number;
  return readBoolean(value) ?? value;
}

/** The value as a result shows it: missing (null, undefined or NaN) as null. */
export function shownValue(value: Cell): CellValue {
  return isMissing(value) ? null : (value ?? null);
}

const TYPE_ORDER = { boolean: 0, number: 1, string: 2 } as const;

/** Booleans, then numbers, then text, each in natural order: a stable, readable listing. */
export function compareValues(a: CellValue, b: CellValue): number {
  const ka = canonicalValue(a);
  const kb = canonicalValue(b);
  if (ka === null || kb === null) return ka === kb ? 0 : ka === null ? 1 : -1;
  const byType =
    TYPE_ORDER[typeof ka as 'boolean' | 'number' | 'string'] -
    TYPE_ORDER[typeof kb as 'boolean' | 'number' | 'string'];
  if (byType !== 0) return byType;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
