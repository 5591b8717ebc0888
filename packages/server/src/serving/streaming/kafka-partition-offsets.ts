/**
 * One partition as this consumer has read it: which fetched offsets are still unfinished, and so
 * how far the group's committed offset may move. Kafka commits a position, not single messages:
 * committing N says every message below N is done, so acks that arrive out of order only move the
 * commit up to the lowest offset still unfinished.
 */
export class PartitionOffsets {
  private readonly unfinished = new Set<bigint>();
  private next: bigint;
  private committed: bigint;

  /** `start`: the first offset fetched, where the group's committed position already is. */
  constructor(
    readonly partition: number,
    start: bigint,
  ) {
    this.next = start;
    this.committed = start;
  }

  /** One past the highest offset fetched: where fetching continues. */
  get position(): bigint {
    return this.next;
  }

  /**
   * Takes a fetched message; false for one below the position, which this consumer already holds
   * or has finished (Kafka hands a partition's messages out in offset order, so nothing between
   * the start and the position was skipped, save offsets the log does not have).
   */
  receive(offset: bigint): boolean {
    if (offset < this.next) return false;
    this.unfinished.add(offset);
    this.next = offset + 1n;
    return true;
  }

  holds(offset: bigint): boolean {
    return this.unfinished.has(offset);
  }

  finish(offset: bigint): void {
    this.unfinished.delete(offset);
  }

  /** The offset to commit now (the lowest unfinished one, or the position), unless already committed. */
  commitPoint(): bigint | undefined {
    let low = this.next;
    for (const offset of this.unfinished) if (offset < low) low = offset;
    return low > this.committed ? low : undefined;
  }

  committedUpTo(offset: bigint): void {
    if (offset > this.committed) this.committed = offset;
  }
}
