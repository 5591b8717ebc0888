import type { ViewType } from '@slipway/core';

/** The lifecycle filter as the URL writes it (`?view=deleted`) and as the API takes it. */
export const VIEW_OPTIONS = [
  { value: 'active', label: 'Active', viewType: 'ACTIVE_ONLY' },
  { value: 'deleted', label: 'Deleted', viewType: 'DELETED_ONLY' },
  { value: 'all', label: 'All', viewType: 'ALL' },
] as const satisfies ReadonlyArray<{ value: string; label: string; viewType: ViewType }>;

export type ViewParam = (typeof VIEW_OPTIONS)[number]['value'];

/** The URL's `view`, active when absent or unknown. */
export function viewParam(raw: string | null): ViewParam {
  return VIEW_OPTIONS.find((o) => o.value === raw)?.value ?? 'active';
}

export function viewTypeOf(view: ViewParam): ViewType {
  return VIEW_OPTIONS.find((o) => o.value === view)?.viewType ?? 'ACTIVE_ONLY';
}
