import { invalidArgument } from '../errors.js';

/**
 * k = 400 keeps the sketch's CDF within about 0.5% of the true CDF at every point (measured
 * sup-norm rank error, see the approximation-error tests), for about 1,200 retained values.
 */
export const KLL_K = 400;
/**
 * Documented bound on the sup-norm rank error |F_sketch(x) − F(x)| of one sketch at k = 400
 * (measured ≤ 0.65% over seeds and distributions; sketches.test.ts asserts it).
 */
export const KLL_RANK_ERROR = 0.01;
const MIN_LEVEL_CAPACITY = 8;
const CAPACITY_DECAY = 2 / 3;

/** A KLL sketch's state as stored in a profile; level h holds values of weight 2^h. */
export interface KllState {
  k: number;
  n: number;
  /** xorshift32 state of the compaction coin, so a merge replays the same way. */
  rng: number;
  levels: number[][];
}

/**
 * KLL quantile sketch (Karnin, Lang & Liberty 2016) with lazy compaction as in Apache
 * DataSketches: level capacities shrink by 2/3 going down from the top level of capacity k, and
 * when the sketch is full the lowest over-full level is sorted and every other value (random
 * offset) promoted. Total weight is preserved exactly, so the sketch CDF ends at n.
 */
export class KllSketch {
  readonly k: number;
  n = 0;
  private rng: number;
  private bufs: Float64Array[] = [new Float64Array(64)];
  private lens: number[] = [0];
  private retained = 0;
  private capacity = 0;
  private caps: number[] = [];
  private scratch = new Float64Array(64);

  constructor(k = KLL_K, seed = 1) {
    if (!Number.isInteger(k) || k < MIN_LEVEL_CAPACITY) {
      throw invalidArgument(
        `KLL k must be an integer of at least ${MIN_LEVEL_CAPACITY}; got ${k}.`,
      );
    }
    this.k = k;
    this.rng = seed >>> 0 || 1;
    this.capacity = this.totalCapacity();
  }

  static fromState(state: KllState): KllSketch {
    const s = new KllSketch(state.k, state.rng);
    s.n = state.n;
    s.bufs = state.levels.map((l) => Float64Array.from(l.length > 0 ? l : [0]));
    s.lens = state.levels.map((l) => l.length);
    s.retained = s.lens.reduce((a, b) => a + b, 0);
    s.capacity = s.totalCapacity();
    return s;
  }

  toState(): KllState {
    return {
      k: this.k,
      n: this.n,
      rng: this.rng,
      levels: this.bufs.map((b, h) => Array.from(b.subarray(0, this.lens[h]!))),
    };
  }

  private levelCapacity(h: number): number {
    // Level 0 keeps k slots: weight-1 values cost nothing in accuracy, and sorting batches of k
    // instead of 8 makes updates several times faster.
    if (h === 0) return this.k;
    const depth = this.bufs.length - 1 - h;
    return Math.max(MIN_LEVEL_CAPACITY, Math.floor(this.k * CAPACITY_DECAY ** depth));
  }

  /** Recomputes the per-level capacities (they change only when a level is added). */
  private totalCapacity(): number {
    this.caps = this.bufs.map((_, h) => this.levelCapacity(h));
    return this.caps.reduce((a, b) => a + b, 0);
  }

  private coin(): number {
    let x = this.rng;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.rng = x >>> 0;
    return this.rng & 1;
  }

  update(value: number): void {
    let buf = this.bufs[0]!;
    const len = this.lens[0]!;
    if (len === buf.length) {
      buf = grow(buf, len * 2);
      this.bufs[0] = buf;
    }
    buf[len] = value;
    this.lens[0] = len + 1;
    this.n++;
    if (++this.retained >= this.capacity) this.compress();
  }

  /** Adds all of another sketch's values (same k), then compacts back to capacity. */
  merge(other: KllSketch): void {
    if (other.k !== this.k) {
      throw invalidArgument(
        `Cannot merge KLL sketches with k=${this.k} and k=${other.k}; profile both data sets with the same k.`,
      );
    }
    for (let h = 0; h < other.bufs.length; h++) {
      if (h >= this.bufs.length) this.addLevel();
      const add = other.bufs[h]!.subarray(0, other.lens[h]!);
      const len = this.lens[h]!;
      let buf = this.bufs[h]!;
      if (len + add.length > buf.length) buf = this.bufs[h] = grow(buf, len + add.length);
      buf.set(add, len);
      this.lens[h] = len + add.length;
      if (h > 0) buf.subarray(0, this.lens[h]).sort();
    }
    this.n += other.n;
    this.rng = (this.rng ^ Math.imul(other.rng, 0x9e3779b1)) >>> 0 || 1;
    this.retained += other.retained;
    this.capacity = this.totalCapacity();
    while (this.retained >= this.capacity) this.compress();
  }

  private addLevel(): void {
    this.bufs.push(new Float64Array(Math.max(16, this.k)));
    this.lens.push(0);
    this.capacity = this.totalCapacity();
  }

  private compress(): void {
    for (let h = 0; h < this.bufs.length; h++) {
      if (this.lens[h]! >= this.caps[h]!) {
        this.compactLevel(h);
        return;
      }
    }
  }

  /** Promotes every other value of level h (sorted) to level h + 1; an odd one out stays. */
  private compactLevel(h: number): void {
    if (h + 1 === this.bufs.length) this.addLevel();
    const src = this.bufs[h]!;
    const len = this.lens[h]!;
    if (h === 0) src.subarray(0, len).sort();
    const keep = len & 1;
    const pairs = (len - keep) >> 1;
    const offset = this.coin();
    const dstLen = this.lens[h + 1]!;
    if (this.scratch.length < dstLen) this.scratch = new Float64Array(dstLen * 2);
    const old = this.scratch;
    let dst = this.bufs[h + 1]!;
    old.set(dst.subarray(0, dstLen));
    if (dstLen + pairs > dst.length) dst = this.bufs[h + 1] = grow(dst, (dstLen + pairs) * 2);
    // Merge the promoted values (already ascending) with the sorted level above.
    let i = 0;
    let j = 0;
    let o = 0;
    while (i < pairs || j < dstLen) {
      const take = j >= dstLen || (i < pairs && src[offset + 2 * i]! <= old[j]!);
      dst[o++] = take ? src[offset + 2 * i++]! : old[j++]!;
    }
    this.lens[h + 1] = o;
    if (keep) src[0] = src[len - 1]!;
    this.lens[h] = keep;
    this.retained -= pairs;
  }

  /** Retained values ascending with their weights; weights sum to n. */
  weightedValues(): { values: Float64Array; weights: Float64Array } {
    const values = new Float64Array(this.retained);
    const weights = new Float64Array(this.retained);
    const order = new Uint32Array(this.retained);
    let o = 0;
    for (let h = 0; h < this.bufs.length; h++) {
      for (let i = 0; i < this.lens[h]!; i++) {
        values[o] = this.bufs[h]![i]!;
        weights[o] = 2 ** h;
        order[o] = o;
        o++;
      }
    }
    order.sort((a, b) => values[a]! - values[b]!);
    return {
      values: Float64Array.from(order, (i) => values[i]!),
      weights: Float64Array.from(order, (i) => weights[i]!),
    };
  }
}

function grow(buf: Float64Array, size: number): Float64Array {
  const out = new Float64Array(Math.max(size, 16));
  out.set(buf);
  return out;
}
