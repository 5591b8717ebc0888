import { invalidArgument } from '../errors.js';

/**
 * The time arithmetic of a sliding window kept as a ring of fixed-length buckets: which row holds
 * time `now`, clearing a row that still holds an older bucket when the ring comes back to it, and
 * which rows fall within the latest buckets. The rows themselves are the owner's (`width` numbers
 * per slot in one typed array), so recording allocates nothing. Time is passed in, never read.
 */
export class BucketRing<Rows extends Uint32Array | Float64Array> {
  readonly rows: Rows;
  /** Absolute bucket number (floor(t / bucketMs)) each slot holds; NaN while empty. */
  private readonly bucketOf: Float64Array;

  constructor(
    readonly slots: number,
    readonly bucketMs: number,
    readonly width: number,
    allocate: (length: number) => Rows,
  ) {
    for (const [name, value] of [
      ['slots', slots],
      ['bucketMs', bucketMs],
      ['width', width],
    ] as const) {
      if (!Number.isInteger(value) || value <= 0) {
        throw invalidArgument(`${name} must be a positive whole number, got ${value}.`);
      }
    }
    this.rows = allocate(slots * width);
    this.bucketOf = new Float64Array(slots).fill(Number.NaN);
  }

  /**
   * The offset in `rows` of the bucket holding `now`, or -1 when the ring has moved past it (a
   * late sample, or a clock that stepped back): such samples are dropped, not misfiled.
   */
  rowAt(now: number): number {
    const bucket = Math.floor(now / this.bucketMs);
    const slot = this.slotOf(bucket);
    const held = this.bucketOf[slot] as number;
    if (held !== bucket) {
      if (held > bucket) return -1;
      this.bucketOf[slot] = bucket;
      this.rows.fill(0, slot * this.width, (slot + 1) * this.width);
    }
    return slot * this.width;
  }

  /** Calls `visit` with the offset of every row among the `count` buckets ending with now's. */
  forEachRecent(now: number, count: number, visit: (offset: number) => void): void {
    const current = Math.floor(now / this.bucketMs);
    const oldest = current - Math.min(count, this.slots) + 1;
    for (let slot = 0; slot < this.slots; slot += 1) {
      const bucket = this.bucketOf[slot] as number;
      if (bucket >= oldest && bucket <= current) visit(slot * this.width);
    }
  }

  /** Forgets every bucket. */
  clear(): void {
    this.bucketOf.fill(Number.NaN);
    this.rows.fill(0);
  }

  private slotOf(bucket: number): number {
    const slot = bucket % this.slots;
    return slot < 0 ? slot + this.slots : slot;
  }
}
