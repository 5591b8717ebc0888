import type { Cell } from './cell-values.js';
import { readBoolean, readNumber } from './cell-values.js';
import { readDatetime } from './iso-datetime.js';

/**
 * The logical types `expect_column_values_to_be_of_type` checks, value by value (a column's storage
 * says little: CSV gives text, a Float64Array holds integers as doubles):
 * - `integer`: a whole number, or text of one (`42`, `-3`, `1e3`, `7.0`).
 * - `float` (alias `number`): any number, or numeric text; whole numbers are floats too.
 * - `string`: any text, including text that reads as a number or a date.
 * - `boolean`: true/false, or their text in any case (`TRUE`, `false`).
 * - `datetime`: ISO 8601 text (`2024-05-01`, `2024-05-01T12:30:00Z`); see parseIsoDatetime.
 * Nulls are not checked (as for every column-value expectation but not_be_null).
 */
export const VALUE_TYPES = ['integer', 'float', 'string', 'boolean', 'datetime'] as const;
export type ValueType = (typeof VALUE_TYPES)[number];

// GE suites name pandas, numpy, Spark or SQL types; the common ones map onto the five above.
const ALIASES: Readonly<Record<string, ValueType>> = {
  integer: 'integer',
  int: 'integer',
  int8: 'integer',
  int16: 'integer',
  int32: 'integer',
  int64: 'integer',
  uint8: 'integer',
  uint16: 'integer',
  uint32: 'integer',
  uint64: 'integer',
  long: 'integer',
  bigint: 'integer',
  smallint: 'integer',
  integertype: 'integer',
  longtype: 'integer',
  float: 'float',
  number: 'float',
  float16: 'float',
  float32: 'float',
  float64: 'float',
  double: 'float',
  real: 'float',
  numeric: 'float',
  decimal: 'float',
  floattype: 'float',
  doubletype: 'float',
  string: 'string',
  str: 'string',
  text: 'string',
  varchar: 'string',
  char: 'string',
  stringtype: 'string',
  boolean: 'boolean',
  bool: 'boolean',
  booleantype: 'boolean',
  datetime: 'datetime',
  datetime64: 'datetime',
  date: 'datetime',
  timestamp: 'datetime',
  timestamptype: 'datetime',
  datetype: 'datetime',
};

/** The logical type a type name means (case-insensitive; `datetime64[ns]` and `VARCHAR(20)` too). */
export function resolveValueType(name: string): ValueType | undefined {
  const base = name
    .trim()
    .toLowerCase()
    .replace(/[[(].*$/u, '');
  return ALIASES[base];
}

/** Bit per ValueType, in VALUE_TYPES order, so a column's common types are an AND of masks. */
export function typeBit(type: ValueType): number {
  return 1 << VALUE_TYPES.indexOf(type);
}

const INTEGER = 1;
const FLOAT = 2;
const STRING = 4;
const BOOLEAN = 8;
const DATETIME = 16;

/** The types a present value satisfies, as a mask of typeBit()s. */
export function valueTypeMask(value: Cell): number {
  if (typeof value === 'boolean') return BOOLEAN;
  if (typeof value === 'number') return Number.isInteger(value) ? INTEGER | FLOAT : FLOAT;
  if (typeof value !== 'string') return 0;
  let mask = STRING;
  const number = readNumber(value);
  if (!Number.isNaN(number)) mask |= Number.isInteger(number) ? INTEGER | FLOAT : FLOAT;
  else if (readBoolean(value) !== undefined) mask |= BOOLEAN;
  else if (!Number.isNaN(readDatetime(value))) mask |= DATETIME;
  return mask;
}
