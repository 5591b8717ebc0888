/** The buckets of one size: totals and variances, oldest first, at most `capacity` + 1 of them. */
class BucketRow {
  readonly totals: Float64Array;
  readonly variances: Float64Array;
  count = 0;

  constructor(capacity: number) {
    this.totals = new Float64Array(capacity + 1);
    this.variances = new Float64Array(capacity + 1);
  }

  push(total: number, variance: number): void {
    this.totals[this.count] = total;
    this.variances[this.count] = variance;
    this.count += 1;
  }

  dropOldest(n: number): void {
    this.totals.copyWithin(0, n, this.count);
    this.variances.copyWithin(0, n, this.count);
    this.count -= n;
  }
}

/**
 * ADWIN's window compressed as an exponential histogram (ADWIN2): row i holds buckets that each
 * summarise 2^i values, so a window of W values takes O(maxBuckets · log W) memory. Keeps the
 * window's width, sum and sum of squared deviations exactly as river's AdaptiveWindowing does.
 */
export class AdwinWindow {
  /** rows[i] holds buckets of 2^i values; rows[last] holds the oldest ones. */
  readonly rows: BucketRow[];
  width = 0;
  total = 0;
  /** Sum of squared deviations from the mean over the window (not divided by the width). */
  variance = 0;

  constructor(private readonly maxBuckets: number) {
    this.rows = [new BucketRow(maxBuckets)];
  }

  insert(value: number): void {
    if (this.rows.length === 0) this.rows.push(new BucketRow(this.maxBuckets));
    this.rows[0]!.push(value, 0);
    this.width += 1;
    if (this.width > 1) {
      const deviation = value - this.total / (this.width - 1);
      this.variance += ((this.width - 1) * deviation * deviation) / this.width;
    }
    this.total += value;
    this.compress();
  }

  /** Drops the oldest bucket; returns how many values it summarised. */
  deleteOldest(): number {
    const last = this.rows.length - 1;
    const row = this.rows[last]!;
    const n = 2 ** last;
    const bucketTotal = row.totals[0]!;
    const bucketMean = bucketTotal / n;
    this.width -= n;
    this.total -= bucketTotal;
    const windowMean = this.total / this.width;
    const gap = bucketMean - windowMean;
    this.variance -= row.variances[0]! + (n * this.width * gap * gap) / (n + this.width);
    row.dropOldest(1);
    if (row.count === 0) this.rows.pop();
    return n;
  }

  /** Merges the two oldest buckets of a row that overflowed, cascading to larger rows. */
  private compress(): void {
    for (let idx = 0; idx < this.rows.length; idx++) {
      const row = this.rows[idx]!;
      if (row.count !== this.maxBuckets + 1) return;
      let next = this.rows[idx + 1];
      if (next === undefined) {
        next = new BucketRow(this.maxBuckets);
        this.rows.push(next);
      }
      const size = 2 ** idx;
      const total1 = row.totals[0]!;
      const total2 = row.totals[1]!;
      const meanGap = total1 / size - total2 / size;
      const merged = row.variances[0]! + row.variances[1]! + size * 0.5 * meanGap * meanGap;
      next.push(total1 + total2, merged);
      row.dropOldest(2);
      if (next.count <= this.maxBuckets) return;
    }
  }
}
