/**
 * Leases that make a background job run on one of the servers sharing a store: the holder keeps
 * the lease until it expires, and anyone may take an expired one.
 */
export interface JobLeaseStore {
  /** True when `holder` now holds `name` until `now + ttlMs` (taken, or renewed by its holder). */
  tryAcquire(name: string, holder: string, now: number, ttlMs: number): Promise<boolean>;
  release(name: string, holder: string): Promise<void>;
}
