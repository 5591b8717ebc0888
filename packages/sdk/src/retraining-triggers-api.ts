import { nativeRoutes as r } from '@slipway/core';
import type { RetrainingTriggerView } from '@slipway/core';
import type { Transport } from './transport.js';

export type RetrainingTrigger = RetrainingTriggerView;

export interface ListRetrainingTriggersOptions {
  /** Only this deployment's triggers. */
  deployment?: string | undefined;
  /** `pending` for those no pipeline has claimed yet. */
  status?: 'pending' | 'claimed' | undefined;
  /** Triggers to return (default 100, at most 1000). */
  maxResults?: number | undefined;
}

/**
 * Retraining triggers: recorded when a monitor alert with `retrain` fires (at most one per its
 * retrain cooldown). A pipeline lists the pending ones of its deployment and claims one before it
 * retrains: of two claimants one wins, the other gets a CONFLICT error.
 *
 * @example
 * ```ts
 * for (const t of await client.retrainingTriggers.list({ deployment: 'fraud', status: 'pending' })) {
 *   await client.retrainingTriggers.claim(t.id); // throws CONFLICT if another pipeline won
 *   await retrain(t);
 * }
 * ```
 */
export class RetrainingTriggersApi {
  constructor(private readonly transport: Transport) {}

  /** Newest first, of the deployments the caller may read. */
  async list(options: ListRetrainingTriggersOptions = {}): Promise<RetrainingTrigger[]> {
    const { deployment, status, maxResults } = options;
    const query = { deployment, status, maxResults };
    return (await this.transport.call(r.listRetrainingTriggers, { query })).triggers;
  }

  /** Claims a pending trigger (needs EDIT on its deployment). */
  async claim(id: string): Promise<RetrainingTrigger> {
    return (await this.transport.call(r.claimRetrainingTrigger, { params: { id } })).trigger;
  }
}
