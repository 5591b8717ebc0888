/** The prediction log's filters as the URL holds them (`?model=&version=&from=&to=&page=`). */
export interface PredictionFilters {
  model: string | undefined;
  version: string | undefined;
  /** Milliseconds since the epoch, inclusive. */
  from: number | undefined;
  /** Milliseconds since the epoch, exclusive. */
  to: number | undefined;
  pageToken: string | undefined;
}

/** ISO 8601 dates and date-times only: Date.parse reads much else ("-5" is May 2001 in V8). */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/u;

function timeParam(value: string | null): number | undefined {
  if (value === null || !ISO_TIME.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

function textParam(value: string | null): string | undefined {
  return value === null || value === '' ? undefined : value;
}

/** Times travel as ISO 8601 (UTC), so a shared URL means the same instants in any time zone. */
export function filtersFromParams(params: URLSearchParams): PredictionFilters {
  return {
    model: textParam(params.get('model')),
    version: textParam(params.get('version')),
    from: timeParam(params.get('from')),
    to: timeParam(params.get('to')),
    pageToken: textParam(params.get('page')),
  };
}

/** The URL parameters for a new search: the paging starts again. */
export function paramsOfFilters(
  filters: Omit<PredictionFilters, 'pageToken'>,
): Record<string, string | undefined> {
  return {
    model: filters.model,
    version: filters.version,
    from: filters.from === undefined ? undefined : new Date(filters.from).toISOString(),
    to: filters.to === undefined ? undefined : new Date(filters.to).toISOString(),
    page: undefined,
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A `datetime-local` input's value (local time, to the second) for an instant. */
export function toLocalInput(ms: number | undefined): string {
  if (ms === undefined) return '';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The instant a `datetime-local` input's value names (local time); undefined when empty. */
export function fromLocalInput(value: string): number | undefined {
  if (value === '') return undefined;
  // Without a zone designator, a date-time form is read as local time (ECMAScript Date.parse).
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? ms : undefined;
}

/** A version filter option's value: "<model>/<version>" (versions hold no slash; names may). */
export function versionOptionValue(model: string, version: string): string {
  return `${model}/${version}`;
}

export function parseVersionOption(value: string): { model?: string; version?: string } {
  const slash = value.lastIndexOf('/');
  if (value === '' || slash < 0) return {};
  return { model: value.slice(0, slash), version: value.slice(slash + 1) };
}

/** Rows per page the log offers (`?size=`); 50 unless the URL says otherwise. */
export const PAGE_SIZES = [25, 50, 100, 200] as const;
export const DEFAULT_PAGE_SIZE = 50;

export function pageSizeOf(param: string | null): number {
  const size = Number(param);
  return (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_PAGE_SIZE;
}
