import { describe, expect, it } from 'vitest';
import { float16BitsToNumber, numberToFloat16Bits } from './float16.js';

// Expected bit patterns from Python's struct.pack('<e', v) (IEEE 754 binary16, ties to even).
const CASES: [number, number][] = [
  [1, 0x3c00],
  [-2, 0xc000],
  [65504, 0x7bff],
  [65519, 0x7bff],
  [2 ** -24, 0x0001],
  [2 ** -25, 0x0000],
  [3 * 2 ** -26, 0x0001],
  [0.1, 0x2e66],
  [1 / 3, 0x3555],
  [2 ** -14, 0x0400],
  [1 + 2 ** -10 + 2 ** -11, 0x3c02],
];

describe('float16', () => {
  it.each(CASES)('encodes %d as %i', (value, bits) => {
    expect(numberToFloat16Bits(value)).toBe(bits);
  });

  it('overflows to infinity from 65520 up and keeps NaN and signed zero', () => {
    expect(numberToFloat16Bits(65520)).toBe(0x7c00);
    expect(numberToFloat16Bits(-1e6)).toBe(0xfc00);
    expect(numberToFloat16Bits(-0)).toBe(0x8000);
    expect(Number.isNaN(float16BitsToNumber(numberToFloat16Bits(NaN)))).toBe(true);
  });

  it('decodes every finite bit pattern back to itself', () => {
    const mismatches: number[] = [];
    for (let bits = 0; bits < 0x10000; bits += 1) {
      const exponent = (bits >> 10) & 0x1f;
      if (exponent !== 0x1f && numberToFloat16Bits(float16BitsToNumber(bits)) !== bits) {
        mismatches.push(bits);
      }
    }
    expect(mismatches).toEqual([]);
    expect(float16BitsToNumber(0x3555)).toBe(0.333251953125);
    expect(float16BitsToNumber(0x7c00)).toBe(Infinity);
  });
});
