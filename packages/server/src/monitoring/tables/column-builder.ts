import type { CellValue, Column } from '@slipway/core';

/** Cells pandas reads as missing by default (its `na_values`), plus the empty cell. */
const MISSING_TEXT = new Set([
  '',
  'NA',
  'N/A',
  'n/a',
  'NaN',
  'nan',
  'null',
  'NULL',
  'None',
  '#N/A',
]);
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/u;
const INFINITE = /^([+-]?)(?:inf|Inf|INF|infinity|Infinity)$/u;

/** A cell of a text format as a number, NaN when missing, or undefined when it is text. */
function textAsNumber(cell: string): number | undefined {
  if (DECIMAL.test(cell)) return Number(cell);
  if (MISSING_TEXT.has(cell)) return NaN;
  const inf = INFINITE.exec(cell);
  if (inf !== null) return inf[1] === '-' ? -Infinity : Infinity;
  return undefined;
}

function asCell(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

/**
 * Builds one column while a file streams by: numeric (a growing Float64Array, NaN for missing)
 * until a cell that is not a number arrives, then values. Text formats give every cell as a
 * string, so numbers are recognised here; repeated strings are interned, since a categorical
 * column of a million rows holds a handful of distinct values.
 */
export class ColumnBuilder {
  private numbers: Float64Array = new Float64Array(1024);
  private values: CellValue[] | undefined;
  private readonly interned = new Map<string, string>();
  private length = 0;

  push(raw: unknown): void {
    if (this.values === undefined) {
      const n = this.numberOf(raw);
      if (n !== undefined) {
        if (this.length === this.numbers.length) this.grow();
        this.numbers[this.length++] = n;
        return;
      }
      this.values = Array.from(this.numbers.subarray(0, this.length), (x) =>
        Number.isNaN(x) ? null : x,
      );
    }
    this.values.push(this.valueOf(raw));
    this.length += 1;
  }

  finish(): Column {
    return this.values ?? this.numbers.slice(0, this.length);
  }

  private numberOf(raw: unknown): number | undefined {
    if (typeof raw === 'number') return raw;
    if (raw === null || raw === undefined) return NaN;
    if (typeof raw === 'bigint') return Number(raw);
    if (typeof raw === 'string') return textAsNumber(raw);
    return undefined;
  }

  private valueOf(raw: unknown): CellValue {
    if (typeof raw !== 'string') return asCell(raw);
    const n = textAsNumber(raw);
    if (n !== undefined) return Number.isNaN(n) ? null : n;
    const known = this.interned.get(raw);
    if (known !== undefined) return known;
    if (this.interned.size < 100_000) this.interned.set(raw, raw);
    return raw;
  }

  private grow(): void {
    const next = new Float64Array(this.numbers.length * 2);
    next.set(this.numbers);
    this.numbers = next;
  }
}
