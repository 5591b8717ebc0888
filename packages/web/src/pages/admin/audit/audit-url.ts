import { AUDIT_RESOURCE_TYPES } from '@slipway/core';
import type { AuditResourceType } from '@slipway/core';
import type { SearchAuditOptions } from '@slipway/sdk';

/** The audit page's filters as its URL holds them: `?actor=&action=&type=&resource=&from=&to=`. */
export interface AuditFilters {
  actor: string;
  action: string;
  type: AuditResourceType | '';
  resource: string;
  /** ISO 8601 instants (UTC), so a shared URL means the same time in every time zone. */
  from: string;
  to: string;
}

export const NO_FILTERS: AuditFilters = {
  actor: '',
  action: '',
  type: '',
  resource: '',
  from: '',
  to: '',
};

const MINUTE_MS = 60_000;

export function auditFiltersOf(params: URLSearchParams): AuditFilters {
  const type = params.get('type') ?? '';
  return {
    actor: params.get('actor') ?? '',
    action: params.get('action') ?? '',
    type: AUDIT_RESOURCE_TYPES.find((t) => t === type) ?? '',
    resource: params.get('resource') ?? '',
    from: validIso(params.get('from')),
    to: validIso(params.get('to')),
  };
}

/** The URL parameters for `filters`; '' removes one. The page token goes: it names a page of the old search. */
export function auditParamsOf(filters: AuditFilters): Record<string, string | undefined> {
  return { ...filters, page: undefined };
}

/**
 * What the API is asked for. Times are picked to the minute, so `to` takes in the whole minute
 * it names: "until 10:30" includes an event at 10:30:20.
 */
export function auditSearchOf(
  filters: AuditFilters,
  pageToken: string | undefined,
  maxResults: number,
): SearchAuditOptions {
  const text = (value: string) => (value.trim() === '' ? undefined : value.trim());
  const options: SearchAuditOptions = { maxResults };
  const actor = text(filters.actor);
  const action = text(filters.action);
  const resource = text(filters.resource);
  if (actor !== undefined) options.actor = actor;
  if (action !== undefined) options.action = action;
  if (filters.type !== '') options.resourceType = filters.type;
  if (resource !== undefined) options.resourceId = resource;
  if (filters.from !== '') options.from = Date.parse(filters.from);
  if (filters.to !== '') options.to = Date.parse(filters.to) + MINUTE_MS - 1;
  if (pageToken !== undefined) options.pageToken = pageToken;
  return options;
}

/** An ISO instant as a `datetime-local` input shows it, in the browser's time zone. */
export function toLocalInput(iso: string): string {
  if (iso === '') return '';
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A `datetime-local` value (local time, no zone) as an ISO instant; '' when empty or invalid. */
export function fromLocalInput(local: string): string {
  // A date-time without an offset is local time (ECMA-262), which is what the input means.
  const ms = local === '' ? NaN : new Date(local).getTime();
  return Number.isNaN(ms) ? '' : new Date(ms).toISOString();
}

function validIso(raw: string | null): string {
  if (raw === null || raw === '') return '';
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? '' : new Date(ms).toISOString();
}
