import { describe, expect, it } from 'vitest';
import { sampleBeta, sampleGamma, sampleStandardNormal } from './random-variates.js';
import { mulberry32 } from './seeded-random.js';

function moments(samples: number[]): { mean: number; variance: number } {
  const mean = samples.reduce((sum, x) => sum + x, 0) / samples.length;
  const variance = samples.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (samples.length - 1);
  return { mean, variance };
}

const N = 40_000;

describe('sampleStandardNormal', () => {
  it('has mean 0 and variance 1', () => {
    const random = mulberry32(1);
    const { mean, variance } = moments(
      Array.from({ length: N }, () => sampleStandardNormal(random)),
    );
    // Standard errors: 1/sqrt(N) = 0.005 for the mean, sqrt(2/N) = 0.007 for the variance; 5 of each.
    expect(Math.abs(mean)).toBeLessThan(0.025);
    expect(Math.abs(variance - 1)).toBeLessThan(0.035);
  });
});

describe('sampleGamma', () => {
  it.each([0.3, 0.5, 1, 2.5, 10, 100])(
    'Gamma(%d) has mean and variance equal to its shape',
    (k) => {
      const random = mulberry32(Math.round(k * 1000));
      const samples = Array.from({ length: N }, () => sampleGamma(k, random));
      expect(samples.every((x) => x >= 0)).toBe(true);
      const { mean, variance } = moments(samples);
      // The mean's standard error is sqrt(k/N); allow 5 of them. The variance's is about
      // k*sqrt((2 + 6/k)/N) (fourth cumulant 6k); allow 6.
      expect(Math.abs(mean - k)).toBeLessThan(5 * Math.sqrt(k / N));
      expect(Math.abs(variance - k)).toBeLessThan(6 * k * Math.sqrt((2 + 6 / k) / N));
    },
  );

  it('matches the Exp(1) distribution for shape 1 (Kolmogorov-Smirnov)', () => {
    const random = mulberry32(99);
    const samples = Array.from({ length: N }, () => sampleGamma(1, random)).sort((a, b) => a - b);
    let d = 0;
    samples.forEach((x, i) => {
      const cdf = 1 - Math.exp(-x);
      d = Math.max(d, Math.abs((i + 1) / N - cdf), Math.abs(i / N - cdf));
    });
    // 1.95 / sqrt(N) is the KS critical value at the 0.001 level.
    expect(d).toBeLessThan(1.95 / Math.sqrt(N));
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('rejects shape %d', (k) => {
    expect(() => sampleGamma(k, mulberry32(1))).toThrow(/shape/u);
  });
});

describe('sampleBeta', () => {
  it.each([
    [1, 1],
    [2, 5],
    [0.5, 0.5],
    [30, 70],
  ])('Beta(%d, %d) has the textbook mean and variance', (a, b) => {
    const random = mulberry32(a * 31 + b);
    const samples = Array.from({ length: N }, () => sampleBeta(a, b, random));
    expect(samples.every((x) => x >= 0 && x <= 1)).toBe(true);
    const { mean, variance } = moments(samples);
    const expectedMean = a / (a + b);
    const expectedVariance = (a * b) / ((a + b) ** 2 * (a + b + 1));
    expect(Math.abs(mean - expectedMean)).toBeLessThan(5 * Math.sqrt(expectedVariance / N));
    // A Beta variable lies in [0, 1], so its squared deviation has variance at most
    // E[(x - m)^4] <= E[(x - m)^2] = v: the variance estimate's standard error is below sqrt(v/N).
    expect(Math.abs(variance - expectedVariance)).toBeLessThan(5 * Math.sqrt(expectedVariance / N));
  });
});
