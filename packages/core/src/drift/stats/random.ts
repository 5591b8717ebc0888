/**
 * A small seeded generator (sfc32) so permutation tests are reproducible run to run. It is not
 * NumPy's Mersenne Twister, so permutation p-values agree with Evidently's only statistically.
 */
export function seededRandom(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 15; i++) next();
  // 53 random bits, uniform in [0, 1).
  return () => ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992;
}

/** Moves a uniformly random choice of `k` of `items` to its front (partial Fisher-Yates). */
export function shuffleFront(items: Int32Array, k: number, random: () => number): void {
  const n = items.length;
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (n - i));
    const t = items[i]!;
    items[i] = items[j]!;
    items[j] = t;
  }
}
