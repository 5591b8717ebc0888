/**
 * Log-linear latency bins, as in HdrHistogram: latencies are counted in whole microseconds; below
 * 2^SUB_BITS µs every microsecond has its own bin, above it every power of two is split into
 * 2^SUB_BITS equal bins, so a bin is never wider than 1/16 (6.25%) of the values in it. Values are
 * clamped to [0, 2^32 - 1] µs (about 71 minutes).
 */
const SUB_BITS = 4;
const SUB_COUNT = 1 << SUB_BITS;
const MAX_MICROS = 0xffffffff;

/** Number of bins: the linear range plus SUB_COUNT bins for each of the 28 octaves up to 2^32. */
export const LATENCY_BIN_COUNT = (32 - SUB_BITS + 1) * SUB_COUNT;

function toMicros(latencyMs: number): number {
  const micros = Math.round(latencyMs * 1000);
  if (!(micros > 0)) return 0; // also NaN
  return micros > MAX_MICROS ? MAX_MICROS : micros;
}

/** The bin a latency falls in. */
export function latencyBin(latencyMs: number): number {
  const micros = toMicros(latencyMs);
  if (micros < SUB_COUNT) return micros;
  const exponent = 31 - Math.clz32(micros); // floor(log2), at least SUB_BITS here
  const shift = exponent - SUB_BITS;
  const sub = (micros >>> shift) & (SUB_COUNT - 1);
  return (shift + 1) * SUB_COUNT + sub;
}

/** Smallest latency in a bin, in milliseconds. */
export function latencyBinLowerMs(bin: number): number {
  if (bin < SUB_COUNT) return bin / 1000;
  const shift = Math.floor(bin / SUB_COUNT) - 1;
  const sub = bin % SUB_COUNT;
  return ((SUB_COUNT + sub) * 2 ** shift) / 1000;
}

/** Width of a bin, in milliseconds. */
export function latencyBinWidthMs(bin: number): number {
  return bin < SUB_COUNT ? 0.001 : 2 ** (Math.floor(bin / SUB_COUNT) - 1) / 1000;
}
