import { invalidArgument } from '../errors.js';

/** A source of uniform numbers in [0, 1), injected so that sampling is reproducible in tests. */
export type RandomSource = () => number;

/** Standard normal by Marsaglia's polar method (the second value is dropped to stay stateless). */
export function sampleStandardNormal(random: RandomSource): number {
  for (;;) {
    const u = 2 * random() - 1;
    const v = 2 * random() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/**
 * Gamma(shape, 1) by Marsaglia and Tsang (2000). Shapes below 1 use the boost
 * Gamma(a) = Gamma(a + 1) * U^(1/a).
 */
export function sampleGamma(shape: number, random: RandomSource): number {
  if (!(shape > 0) || !Number.isFinite(shape)) {
    throw invalidArgument(`Gamma shape must be a positive finite number, got ${shape}.`);
  }
  if (shape < 1) {
    const u = 1 - random(); // (0, 1]: avoids 0^(1/a) collapsing every boosted sample to 0
    return sampleGamma(shape + 1, random) * u ** (1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = sampleStandardNormal(random);
    const t = 1 + c * x;
    if (t <= 0) continue;
    const v = t * t * t;
    const u = 1 - random();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
export function sampleBeta(a: number, b: number, random: RandomSource): number {
  const x = sampleGamma(a, random);
  const y = sampleGamma(b, random);
  const sum = x + y;
  // Both can underflow to 0 only for tiny shapes; the mean is the least surprising answer then.
  return sum > 0 ? x / sum : a / (a + b);
}
