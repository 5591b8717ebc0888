import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ring-buffer.js';

describe('RingBuffer', () => {
  it('is FIFO across wrap-around and refuses when full', () => {
    const ring = new RingBuffer<number>(3);
    expect([ring.push(1), ring.push(2), ring.push(3), ring.push(4)]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(ring.full).toBe(true);
    expect(ring.peek(2)).toEqual([1, 2]);
    ring.discard(2);
    expect(ring.length).toBe(1);
    expect([ring.push(5), ring.push(6), ring.push(7)]).toEqual([true, true, false]);
    expect(ring.peek(10)).toEqual([3, 5, 6]);
    ring.discard(10);
    expect(ring.length).toBe(0);
    expect(ring.peek(1)).toEqual([]);
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
    expect(() => new RingBuffer(1.5)).toThrow(RangeError);
  });
});
