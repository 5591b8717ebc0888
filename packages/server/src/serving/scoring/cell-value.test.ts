import { describe, expect, it } from 'vitest';
import { cellToNumber } from './cell-value.js';

const where = () => "Column 'c', row 2";

describe('cellToNumber', () => {
  it('parses text cells by column type', () => {
    expect(cellToNumber(' 1.5e3 ', 'double', 'parse', where)).toBe(1500);
    expect(cellToNumber('', 'float', 'parse', where)).toBeNaN();
    expect(cellToNumber('-inf', 'double', 'parse', where)).toBe(-Infinity);
    expect(cellToNumber('-42', 'long', 'parse', where)).toBe(-42);
    expect(cellToNumber('TRUE', 'boolean', 'parse', where)).toBe(1);
    expect(() => cellToNumber('0x10', 'double', 'parse', where)).toThrow(
      /Column 'c', row 2: "0x10" is not a number/,
    );
    expect(() => cellToNumber('3.0', 'integer', 'parse', where)).toThrow(/not a whole number/);
  });

  it('rejects strings in JSON and keeps bigints exact', () => {
    expect(() => cellToNumber('1', 'double', 'reject', where)).toThrow(/is a string/);
    expect(cellToNumber(7n, 'long', 'reject', where)).toBe(7);
    expect(() => cellToNumber(2n ** 60n + 1n, 'long', 'reject', where)).toThrow(/exactly/);
    expect(() => cellToNumber(true, 'double', 'reject', where)).toThrow(/not a number/);
  });
});
