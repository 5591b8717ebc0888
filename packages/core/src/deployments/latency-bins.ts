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

/**
 * Nearest-rank quantile of a histogram over these bins: the value of rank ceil(q * total),
 * estimated by the middle of its bin (so within half a bin, <= 3.2%, of the exact value). NaN
 * without values.
 */
export function binnedQuantileMs(counts: ArrayLike<number>, total: number, q: number): number {
  if (total === 0) return Number.NaN;
  // The epsilon keeps q * n from rounding up past a whole rank (0.95 * 60 = 57.000000000000007).
  const rank = Math.max(1, Math.ceil(q * total - 1e-9));
  let seen = 0;
  for (let bin = 0; bin < counts.length; bin += 1) {
    seen += counts[bin] as number;
    if (seen >= rank) {
      // Values are whole microseconds, so a bin w µs wide holds w values; take the middle one.
      return latencyBinLowerMs(bin) + (latencyBinWidthMs(bin) - 0.001) / 2;
    }
  }
  return Number.NaN;
}
