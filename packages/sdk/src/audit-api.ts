import { nativeRoutes as r } from '@slipway/core';
import type { AuditResourceType, RouteResponse } from '@slipway/core';
import type { Transport } from './transport.js';

/** One recorded change (or refused sign-in): who, when, what, and the fields before and after. */
export type AuditEvent = RouteResponse<typeof r.searchAuditEvents>['events'][number];

export interface AuditEventPage {
  /** Newest first. */
  events: AuditEvent[];
  /** Pass back as `pageToken` for the next page; absent on the last one. */
  nextPageToken?: string | undefined;
}

export interface SearchAuditOptions {
  /** Only this user's actions (`system:<task>` for the server's own). */
  actor?: string;
  resourceType?: AuditResourceType;
  resourceId?: string;
  /** An action such as `experiment.delete`, or a prefix ending in `.` such as `registered_model.`. */
  action?: string;
  /** Inclusive lower bound: a Date or milliseconds since the Unix epoch. */
  from?: Date | number;
  /** Inclusive upper bound: a Date or milliseconds since the Unix epoch. */
  to?: Date | number;
  maxResults?: number;
  pageToken?: string;
}

/**
 * The audit log: every change to experiments, runs, models, deployments, users, tokens and
 * permissions, and every refused sign-in. Admins see all of it; other users see their own
 * actions, or a resource's events when they may read it (give `resourceType` and `resourceId`).
 *
 * @example
 * ```ts
 * const { events } = await client.audit.search({ resourceType: 'experiment', resourceId: '3' });
 * for (const e of events) console.log(new Date(e.time).toISOString(), e.actor, e.action);
 * ```
 */
export class AuditApi {
  constructor(private readonly transport: Transport) {}

  /**
   * One page of matching events, newest first (100 by default, at most 1000).
   *
   * @example
   * ```ts
   * const page = await client.audit.search({
   *   actor: 'bob',
   *   action: 'registered_model.',
   *   from: new Date(Date.now() - 86_400_000),
   * });
   * ```
   */
  async search(options: SearchAuditOptions = {}): Promise<AuditEventPage> {
    const { from, to, ...rest } = options;
    return this.transport.call(r.searchAuditEvents, {
      query: { ...rest, from: epochMs(from), to: epochMs(to) },
    });
  }
}

function epochMs(time: Date | number | undefined): number | undefined {
  return time instanceof Date ? time.getTime() : time;
}
