import type { Run } from '@slipway/core';

/** Where a chosen column's values come from: the run's metrics, params or tags. */
export type DataColumnKind = 'metrics' | 'params' | 'tags';

/** A column the user chose: one metric, param or tag key. */
export interface DataColumn {
  kind: DataColumnKind;
  key: string;
}

const DATA_KINDS: readonly DataColumnKind[] = ['metrics', 'params', 'tags'];

/** MLflow's system tags that the table offers as columns of their own, with a readable label. */
export const SOURCE_TAG = 'mlflow.source.name';
export const MODELS_TAG = 'mlflow.log-model.history';
export const PARENT_RUN_TAG = 'mlflow.parentRunId';

/**
 * A column's id, as the URL and localStorage write it and as the sort names it: the kind, a dot,
 * then the key as logged (`metrics.val loss`, `tags.mlflow.source.name`). Only the first dot
 * separates, as in MLflow's filter keys.
 */
export function columnId(column: DataColumn): string {
  return `${column.kind}.${column.key}`;
}

export function parseColumnId(id: string): DataColumn | undefined {
  const dot = id.indexOf('.');
  if (dot <= 0) return undefined;
  const kind = id.slice(0, dot) as DataColumnKind;
  const key = id.slice(dot + 1);
  if (!DATA_KINDS.includes(kind) || key === '') return undefined;
  return { kind, key };
}

/**
 * The `columns` URL parameter: ids joined by commas, with '%' and ',' inside a key escaped (keys
 * are free text), so ordinary keys stay readable in a shared link: `metrics.acc,params.lr`.
 */
export function serializeColumns(columns: readonly DataColumn[]): string {
  return columns.map((c) => columnId(c).replaceAll('%', '%25').replaceAll(',', '%2C')).join(',');
}

/** The inverse of serializeColumns; unknown kinds and repeats are dropped. */
export function parseColumns(text: string): DataColumn[] {
  const seen = new Set<string>();
  const columns: DataColumn[] = [];
  for (const part of text.split(',')) {
    let id: string;
    try {
      id = decodeURIComponent(part);
    } catch {
      continue;
    }
    const column = parseColumnId(id);
    if (column === undefined || seen.has(id)) continue;
    seen.add(id);
    columns.push(column);
  }
  return columns;
}

/** The run attributes a header click can order by (MLflow's `attributes.<name>`). */
export type SortAttribute = 'run_name' | 'status' | 'start_time' | 'user_id';
const SORT_ATTRIBUTES: readonly SortAttribute[] = ['run_name', 'status', 'start_time', 'user_id'];

export type SortField = { kind: 'attributes'; key: SortAttribute } | DataColumn;

export interface RunSort {
  field: SortField;
  ascending: boolean;
}

/** Newest first, as MLflow lists runs. */
export const DEFAULT_SORT: RunSort = {
  field: { kind: 'attributes', key: 'start_time' },
  ascending: false,
};

export function sortFieldId(field: SortField): string {
  return `${field.kind}.${field.key}`;
}

export function sameSortField(a: SortField, b: SortField): boolean {
  return a.kind === b.kind && a.key === b.key;
}

/** The `sort` URL parameter: the field's id, a space, then asc or desc (`metrics.acc desc`). */
export function serializeSort(sort: RunSort): string {
  return `${sortFieldId(sort.field)} ${sort.ascending ? 'asc' : 'desc'}`;
}

export function parseSort(text: string | null): RunSort {
  if (text === null) return DEFAULT_SORT;
  const space = text.lastIndexOf(' ');
  const id = space < 0 ? text : text.slice(0, space);
  const direction = space < 0 ? 'asc' : text.slice(space + 1).toLowerCase();
  if (direction !== 'asc' && direction !== 'desc') return DEFAULT_SORT;
  const ascending = direction === 'asc';
  if (id.startsWith('attributes.')) {
    const key = id.slice('attributes.'.length) as SortAttribute;
    return SORT_ATTRIBUTES.includes(key)
      ? { field: { kind: 'attributes', key }, ascending }
      : DEFAULT_SORT;
  }
  const column = parseColumnId(id);
  return column === undefined ? DEFAULT_SORT : { field: column, ascending };
}

/** A key in MLflow's filter and order_by grammar: in backticks, a backtick written twice. */
export function quoteKey(key: string): string {
  return `\`${key.replaceAll('`', '``')}\``;
}

/** MLflow's order_by for the search: `metrics.\`acc\` DESC`, `attributes.start_time ASC`. */
export function orderByFor(sort: RunSort): string[] {
  const { field } = sort;
  const key = field.kind === 'attributes' ? field.key : quoteKey(field.key);
  return [`${field.kind}.${key} ${sort.ascending ? 'ASC' : 'DESC'}`];
}

/** The next sort after a click on a column's header: that column ascending, or the other way. */
export function nextSort(current: RunSort, field: SortField): RunSort {
  if (sameSortField(current.field, field)) return { field, ascending: !current.ascending };
  return { field, ascending: true };
}

/** How a column's header reads: the key, with Source and Models named for what they are. */
export function columnLabel(column: DataColumn): string {
  if (column.kind === 'tags' && column.key === SOURCE_TAG) return 'Source';
  if (column.kind === 'tags' && column.key === MODELS_TAG) return 'Models';
  return column.key;
}

/** Whether the server can order by the column (the logged-model history is JSON: no use). */
export function isSortable(column: DataColumn): boolean {
  return !(column.kind === 'tags' && column.key === MODELS_TAG);
}

/** A metric as the table shows it: integers whole, others to 6 significant digits. */
export function formatMetric(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(6)));
}

/** The text of one cell of a chosen column; undefined when the run has no such key. */
export function cellText(run: Run, column: DataColumn): string | undefined {
  const { data } = run;
  if (column.kind === 'metrics') {
    const metric = data.metrics.find((m) => m.key === column.key);
    return metric === undefined ? undefined : formatMetric(metric.value);
  }
  const entries = column.kind === 'params' ? data.params : data.tags;
  const value = entries.find((e) => e.key === column.key)?.value;
  if (value === undefined) return undefined;
  if (column.kind === 'tags' && column.key === SOURCE_TAG) return baseName(value);
  if (column.kind === 'tags' && column.key === MODELS_TAG) return loggedModels(value);
  return value;
}

/** The script or notebook a run came from, without its directories. */
function baseName(path: string): string {
  const parts = path.split(/[/\\]/u);
  return parts[parts.length - 1] || path;
}

/** MLflow's logged-model history (a JSON list) as the models' artifact paths. */
function loggedModels(history: string): string {
  try {
    const entries: unknown = JSON.parse(history);
    if (!Array.isArray(entries)) return history;
    const paths = entries.map((entry: unknown) => {
      const record = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<
        string,
        unknown
      >;
      const path = record.artifact_path ?? record.name;
      return typeof path === 'string' ? path : 'model';
    });
    return paths.join(', ');
  } catch {
    return history;
  }
}

/** How long a run took (or, still running, has taken until `now`): `850ms`, `4.2s`, `3m 05s`. */
export function formatDuration(
  startTime: number,
  endTime: number | undefined,
  now: number,
): string {
  const ms = Math.max(0, (endTime ?? now) - startTime);
  if (ms < 1000) return `${ms}ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const whole = Math.floor(seconds);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (whole < 3600) return `${Math.floor(whole / 60)}m ${pad(whole % 60)}s`;
  if (whole < 86_400) return `${Math.floor(whole / 3600)}h ${pad(Math.floor(whole / 60) % 60)}m`;
  return `${Math.floor(whole / 86_400)}d ${pad(Math.floor(whole / 3600) % 24)}h`;
}

/** The run's parent (MLflow's `mlflow.parentRunId` tag), when it has one and it was loaded. */
export function parentRunIdOf(run: Run): string | undefined {
  const value = run.data.tags.find((t) => t.key === PARENT_RUN_TAG)?.value;
  return value === undefined || value === '' ? undefined : value;
}
