/** Half floats are stored as raw IEEE 754 binary16 bit patterns in a Uint16Array. */

function roundHalfToEven(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * Rounds a number to the nearest binary16 value (ties to even) and returns its bit pattern.
 * Rounds directly from float64: going through float32 first could round twice.
 */
export function numberToFloat16Bits(value: number): number {
  if (Number.isNaN(value)) return 0x7e00;
  const sign = value < 0 || Object.is(value, -0) ? 0x8000 : 0;
  const abs = Math.abs(value);
  // 65520 is halfway between the largest half (65504) and 2^16; ties to even round it up.
  if (abs >= 65520) return sign | 0x7c00;
  if (abs < 2 ** -14) {
    // Subnormal: a multiple of 2^-24; dividing by a power of two is exact, so one rounding.
    return sign | roundHalfToEven(abs / 2 ** -24);
  }
  let exponent = Math.floor(Math.log2(abs));
  if (2 ** exponent > abs) exponent -= 1;
  if (2 ** (exponent + 1) <= abs) exponent += 1;
  const mantissa = roundHalfToEven((abs / 2 ** exponent - 1) * 1024);
  // A mantissa that rounds up to 1024 carries into the exponent, which is the right answer.
  return sign | (((exponent + 15) << 10) + mantissa);
}

export function float16BitsToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}
