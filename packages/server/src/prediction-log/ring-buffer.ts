/**
 * A fixed-capacity FIFO: O(1) push and discard, and its memory is allocated once, so a full buffer
 * refuses instead of growing.
 */
export class RingBuffer<T> {
  private readonly slots: (T | undefined)[];
  private head = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new RangeError(`RingBuffer capacity must be a positive integer, got ${capacity}`);
    }
    this.slots = new Array<T | undefined>(capacity).fill(undefined);
  }

  get length(): number {
    return this.size;
  }

  get full(): boolean {
    return this.size === this.capacity;
  }

  /** False (and nothing stored) when full. */
  push(item: T): boolean {
    if (this.size === this.capacity) return false;
    this.slots[(this.head + this.size) % this.capacity] = item;
    this.size += 1;
    return true;
  }

  /** The oldest `count` items (fewer if fewer are held), still held. */
  peek(count: number): T[] {
    const n = Math.min(count, this.size);
    const items = new Array<T>(n);
    for (let i = 0; i < n; i++) items[i] = this.slots[(this.head + i) % this.capacity] as T;
    return items;
  }

  /** Removes the oldest `count` items, releasing their references. */
  discard(count: number): void {
    const n = Math.min(count, this.size);
    for (let i = 0; i < n; i++) this.slots[(this.head + i) % this.capacity] = undefined;
    this.head = (this.head + n) % this.capacity;
    this.size -= n;
  }
}
