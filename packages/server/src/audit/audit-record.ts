import type { AuditResourceType, Caller, NewAuditEvent } from '@slipway/core';

export interface AuditChange {
  before?: Record<string, unknown> | undefined;
  after?: Record<string, unknown> | undefined;
}

/** The audit event of one change made by `caller`: who, when, what, before and after. */
export function auditRecord(
  caller: Caller,
  time: number,
  action: string,
  resourceType: AuditResourceType,
  resourceId: string,
  change: AuditChange = {},
): NewAuditEvent {
  const event: NewAuditEvent = { time, actor: caller.username, action, resourceType, resourceId };
  if (caller.tokenId !== undefined) event.tokenId = caller.tokenId;
  if (change.before !== undefined) event.before = change.before;
  if (change.after !== undefined) event.after = change.after;
  return event;
}
