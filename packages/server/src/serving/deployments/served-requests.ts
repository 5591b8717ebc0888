import type { VariantId } from '@slipway/core';

/** Which variant of which generation served a request, for the bandit reward that follows it. */
export interface ServedRequest {
  variant: VariantId;
}

/**
 * A bounded memory of recent request ids, oldest forgotten first (a Map iterates in insertion
 * order, so the first key is the oldest). Feedback must name a request that is still remembered.
 */
export class ServedRequests {
  private readonly entries = new Map<string, ServedRequest>();

  constructor(readonly capacity: number) {}

  remember(requestId: string, served: ServedRequest): void {
    // Re-inserting moves a reused id to the young end.
    this.entries.delete(requestId);
    this.entries.set(requestId, served);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
  }

  /** Forgets the request as it hands it out, so one request earns one reward. */
  take(requestId: string): ServedRequest | undefined {
    const served = this.entries.get(requestId);
    if (served !== undefined) this.entries.delete(requestId);
    return served;
  }

  get size(): number {
    return this.entries.size;
  }
}
