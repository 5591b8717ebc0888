import { useId, useMemo } from 'react';
import type { ReactNode } from 'react';
import { useFilterParam } from './use-filter-param.js';
import { VirtualTable } from './virtual-table.js';
import type { Column } from './virtual-table.js';

/** Below this many rows there is nothing to search: the filter box is not shown. */
const FILTER_FROM = 10;

/**
 * A section of key-value rows (params, metrics) with a filter box when there are many: the
 * text matches keys and values, case-insensitively, and lives in the URL (`?<urlParam>=`).
 */
export function FilteredTableSection<T>({
  title,
  noun,
  urlParam,
  rows,
  columns,
  rowKey,
  text,
  empty,
  actions,
}: {
  title: string;
  /** Plural, for counts: "params". */
  noun: string;
  urlParam: string;
  rows: readonly T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  /** What the filter searches in a row. */
  text: (row: T) => string;
  empty: string;
  actions?: ReactNode;
}) {
  const id = useId();
  const [filter, setFilter] = useFilterParam(urlParam);
  const needle = filter.trim().toLowerCase();
  const shown = useMemo(
    () => (needle === '' ? rows : rows.filter((r) => text(r).toLowerCase().includes(needle))),
    [rows, needle, text],
  );
  return (
    <section aria-labelledby={`${id}-heading`}>
      <div className="section-header">
        <h2 id={`${id}-heading`}>
          {title} <span className="run-count">{rows.length.toLocaleString()}</span>
        </h2>
        {actions}
      </div>
      {rows.length === 0 ? (
        <p className="empty">{empty}</p>
      ) : (
        <>
          {rows.length >= FILTER_FROM && (
            <div className="run-filter-row">
              <div className="field inline">
                <label htmlFor={`${id}-filter`}>Filter {noun}</label>
                <input
                  id={`${id}-filter`}
                  type="search"
                  value={filter}
                  onChange={(e) => setFilter(e.target.value)}
                />
              </div>
              <p className="hint" role="status">
                {needle === ''
                  ? `${rows.length.toLocaleString()} ${noun}`
                  : `${shown.length.toLocaleString()} of ${rows.length.toLocaleString()} ${noun} match “${filter.trim()}”`}
              </p>
            </div>
          )}
          {shown.length === 0 ? (
            <p className="empty">No {noun} match.</p>
          ) : (
            <VirtualTable label={title} columns={columns} rows={shown} rowKey={rowKey} />
          )}
        </>
      )}
    </section>
  );
}
