// Synthetic monitoring data for the drift benchmark: numerical columns of several shapes (some
// shifted in the current set) and categorical columns of 3 to 50 categories, seeded.
export const NUMERICAL = 80;
export const CATEGORICAL = 20;

/** xorshift128+: fast, seeded, good enough for synthetic data. */
function rng(seed: number): () => number {
  let s0 = (seed * 2654435761) >>> 0 || 1;
  let s1 = (seed * 40503 + 12345) >>> 0 || 2;
  return () => {
    let x = s0;
    const y = s1;
    s0 = y;
    x ^= x << 23;
    x ^= x >>> 17;
    x ^= y ^ (y >>> 26);
    s1 = x >>> 0;
    return ((s0 + s1) >>> 0) / 4294967296;
  };
}

function normal(next: () => number): number {
  const u = Math.max(next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
}

/** Column c of a side: every fourth numerical column drifts (shift or scale) in the current set. */
export function numericalColumn(rows: number, c: number, current: boolean): Float64Array {
  const next = rng(1000 + c * 2 + (current ? 1 : 0));
  const drift = current && c % 4 === 0;
  const out = new Float64Array(rows);
  const kind = c % 3;
  for (let i = 0; i < rows; i++) {
    const z = normal(next);
    const x = kind === 0 ? z : kind === 1 ? Math.exp(z / 2) : Math.round(z * 3 + 10);
    out[i] = drift ? x * 1.2 + 0.3 : x;
  }
  return out;
}

export function categoricalColumn(rows: number, c: number, current: boolean): string[] {
  const next = rng(5000 + c * 2 + (current ? 1 : 0));
  const k = 3 + ((c * 7) % 48);
  const names = Array.from({ length: k }, (_, i) => `cat_${c}_${i}`);
  const skew = current && c % 4 === 0 ? 2.5 : 1.5;
  const out = new Array<string>(rows);
  for (let i = 0; i < rows; i++) out[i] = names[Math.floor(k * next() ** skew)]!;
  return out;
}
