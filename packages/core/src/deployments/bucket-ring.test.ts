import { describe, expect, it } from 'vitest';
import { SlipwayError } from '../errors.js';
import { BucketRing } from './bucket-ring.js';

const T0 = 1_700_000_000_000;

function ring(slots = 3) {
  return new BucketRing(slots, 1000, 2, (n) => new Float64Array(n));
}

function recent(r: BucketRing<Float64Array>, now: number, count: number): number[] {
  const seen: number[] = [];
  r.forEachRecent(now, count, (row) => seen.push(r.rows[row] as number));
  return seen.sort((a, b) => a - b);
}

describe('BucketRing', () => {
  it('files samples by bucket and reads only the latest buckets', () => {
    const r = ring();
    for (let second = 0; second < 3; second += 1) {
      const row = r.rowAt(T0 + second * 1000 + 500);
      r.rows[row] = (r.rows[row] as number) + second + 1;
    }
    expect(recent(r, T0 + 2999, 3)).toEqual([1, 2, 3]);
    expect(recent(r, T0 + 2999, 2)).toEqual([2, 3]);
    // One bucket later the first has left the window, though its slot still holds it.
    expect(recent(r, T0 + 3000, 3)).toEqual([2, 3]);
    // Asking for more buckets than the ring holds reads what it holds.
    expect(recent(r, T0 + 2999, 10)).toEqual([1, 2, 3]);
  });

  it('clears a slot when the ring comes back to it', () => {
    const r = ring();
    const first = r.rowAt(T0);
    r.rows[first] = 7;
    r.rows[first + 1] = 8;
    const again = r.rowAt(T0 + 3000);
    expect(again).toBe(first);
    expect([r.rows[again], r.rows[again + 1]]).toEqual([0, 0]);
  });

  it('drops samples older than what a slot holds instead of misfiling them', () => {
    const r = ring();
    r.rowAt(T0 + 3000);
    expect(r.rowAt(T0)).toBe(-1);
    // Within the same bucket, an earlier time is the same bucket.
    expect(r.rowAt(T0 + 3000)).toBeGreaterThanOrEqual(0);
  });

  it('handles times before the epoch and clears on demand', () => {
    const r = ring();
    const row = r.rowAt(-1);
    r.rows[row] = 1;
    expect(recent(r, -1, 1)).toEqual([1]);
    r.clear();
    expect(recent(r, -1, 3)).toEqual([]);
  });

  it('refuses sizes that are not positive whole numbers', () => {
    expect(() => new BucketRing(0, 1000, 1, (n) => new Uint32Array(n))).toThrow(SlipwayError);
    expect(() => new BucketRing(2, 0.5, 1, (n) => new Uint32Array(n))).toThrow(/bucketMs/u);
  });
});
