import { useVirtualizer } from '@tanstack/react-virtual';
import { Fragment, useEffect, useRef } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { Link } from 'react-router';
import { formatTime, isoTime } from '../../format/format-time.js';
import {
  cellText,
  columnId,
  columnLabel,
  formatDuration,
  isSortable,
  sameSortField,
} from './run-columns.js';
import type { DataColumn, RunSort, SortField } from './run-columns.js';
import type { RunRow } from './run-tree.js';

/** Every row is this tall (CSS keeps cells on one line), so rows need no measuring. */
export const ROW_HEIGHT = 36;
const HEADER_HEIGHT = 44;
/** Rows rendered beyond each edge of the visible ones. */
const OVERSCAN = 12;
/** The next page is asked for when the last rendered row is this close to the last loaded one. */
const PREFETCH_ROWS = 100;

interface RunsTableProps {
  rows: RunRow[];
  columns: DataColumn[];
  sort: RunSort;
  onSort: (field: SortField) => void;
  selected: ReadonlySet<string>;
  /** all / some / none of the loaded runs are selected. */
  selectedLoaded: 'all' | 'some' | 'none';
  onSelect: (rowIndex: number, checked: boolean, range: boolean) => void;
  onSelectLoaded: (checked: boolean) => void;
  onExpand: (runId: string, expanded: boolean) => void;
  /** Whether more runs can be loaded, and a call that loads the next page. */
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  /** Changes when the search changes: the table scrolls back to the top. */
  searchKey: string;
  /** When the data was loaded: the duration of a run still running is counted up to then. */
  now: number;
  describedBy: string;
}

const FIXED_WIDTHS = { select: 44, name: 280, state: 110, start: 180, duration: 100, user: 130 };
const DATA_WIDTH = 150;

/**
 * The runs as a table that renders only the rows in view (plus a few either side), however many
 * are loaded: rows above and below are stand-in space, and scrolling near the end of the loaded
 * runs loads the next page. The table keeps native table semantics; `aria-rowcount` and
 * `aria-rowindex` tell assistive technology where each rendered row stands (-1: not all known).
 *
 * Keyboard: Tab reaches each rendered row's checkbox, expander and link; Up/Down, Page Up/Down and
 * Home/End move to the same control in another row, scrolling it into view (and so loading more);
 * Right/Left on an expander open or close the run's children.
 */
export function RunsTable(props: RunsTableProps) {
  const { rows, columns, sort, selected, hasMore, loadingMore, onLoadMore } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const body = useRef<HTMLTableSectionElement>(null);
  const pendingFocus = useRef<{ index: number; nav: string } | null>(null);
  // The UI is not built with React Compiler, whose memoising this rule guards; the virtualizer
  // re-renders this component itself whenever the visible range changes.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    paddingStart: HEADER_HEIGHT,
    getItemKey: (index) => rows[index]?.run.info.runId ?? index,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? -1;

  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= rows.length - PREFETCH_ROWS) onLoadMore();
  }, [hasMore, loadingMore, lastIndex, rows.length, onLoadMore]);

  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 });
  }, [props.searchKey]);

  // After a keyboard move, focus the same control in the target row once it is rendered.
  useEffect(() => {
    const pending = pendingFocus.current;
    if (pending === null || body.current === null) return;
    const row = body.current.querySelector(`tr[data-index="${pending.index}"]`);
    if (row === null) return;
    const target =
      row.querySelector<HTMLElement>(`[data-nav="${pending.nav}"]`) ??
      row.querySelector<HTMLElement>('[data-nav="name"]');
    pendingFocus.current = null;
    target?.focus();
  });

  const onKeyDown = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    const target = event.target as HTMLElement;
    const nav = target.dataset.nav;
    const index = Number(target.closest('tr')?.dataset.index);
    if (nav === undefined || !Number.isInteger(index)) return;
    const row = rows[index];
    if (nav === 'expand' && row !== undefined && row.childCount > 0) {
      if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
        event.preventDefault();
        props.onExpand(row.run.info.runId, event.key === 'ArrowRight');
        return;
      }
    }
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 0) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      PageDown: index + page,
      PageUp: index - page,
      Home: 0,
      End: rows.length - 1,
    };
    const to = moves[event.key];
    if (to === undefined) return;
    event.preventDefault();
    const clamped = Math.min(rows.length - 1, Math.max(0, to));
    if (clamped === index) return;
    pendingFocus.current = { index: clamped, nav };
    virtualizer.scrollToIndex(clamped, { align: 'auto' });
    // Already rendered: focus now (the effect above runs on the next render only).
    const rendered = body.current?.querySelector<HTMLElement>(
      `tr[data-index="${clamped}"] [data-nav="${nav}"]`,
    );
    if (rendered) {
      pendingFocus.current = null;
      rendered.focus();
    }
  };

  const header = (label: ReactNode, field: SortField | undefined, className: string) => {
    if (field === undefined) {
      return (
        <th scope="col" className={className}>
          {label}
        </th>
      );
    }
    const active = sameSortField(sort.field, field);
    return (
      <th
        scope="col"
        className={className}
        aria-sort={active ? (sort.ascending ? 'ascending' : 'descending') : undefined}
      >
        <button type="button" className="sort-button" onClick={() => props.onSort(field)}>
          {label}
          {active && <SortMark ascending={sort.ascending} />}
        </button>
      </th>
    );
  };

  const width =
    Object.values(FIXED_WIDTHS).reduce((sum, w) => sum + w, 0) + columns.length * DATA_WIDTH;
  const paddingTop = items.length > 0 ? items[0]!.start - HEADER_HEIGHT : 0;
  const paddingBottom =
    items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;
  const span = 6 + columns.length;
  const checkAll = props.selectedLoaded;

  return (
    <div className="runs-scroller" ref={scroller}>
      <table
        className="data-table runs-table"
        style={{ width }}
        aria-rowcount={hasMore ? -1 : rows.length + 1}
        aria-describedby={props.describedBy}
      >
        <caption className="visually-hidden">Runs</caption>
        <colgroup>
          <col style={{ width: FIXED_WIDTHS.select }} />
          <col style={{ width: FIXED_WIDTHS.name }} />
          <col style={{ width: FIXED_WIDTHS.state }} />
          <col style={{ width: FIXED_WIDTHS.start }} />
          <col style={{ width: FIXED_WIDTHS.duration }} />
          <col style={{ width: FIXED_WIDTHS.user }} />
          {columns.map((c) => (
            <col key={columnId(c)} style={{ width: DATA_WIDTH }} />
          ))}
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col" className="select">
              <input
                type="checkbox"
                aria-label="Select all loaded runs"
                checked={checkAll === 'all'}
                ref={(el) => {
                  if (el !== null) el.indeterminate = checkAll === 'some';
                }}
                onChange={(event) => props.onSelectLoaded(event.target.checked)}
                disabled={rows.length === 0}
              />
            </th>
            {header('Run', { kind: 'attributes', key: 'run_name' }, 'name')}
            {header('State', { kind: 'attributes', key: 'status' }, '')}
            {header('Started', { kind: 'attributes', key: 'start_time' }, '')}
            {header('Duration', undefined, '')}
            {header('User', { kind: 'attributes', key: 'user_id' }, '')}
            {columns.map((column) => {
              const label = (
                <span className="column-title">
                  <span className="column-kind">{column.kind.slice(0, -1)}</span>{' '}
                  <span className="column-key">{columnLabel(column)}</span>
                </span>
              );
              return (
                <Fragment key={columnId(column)}>
                  {header(label, isSortable(column) ? column : undefined, 'data')}
                </Fragment>
              );
            })}
          </tr>
        </thead>
        <tbody ref={body} onKeyDown={onKeyDown}>
          {paddingTop > 0 && (
            <tr className="spacer" aria-hidden="true">
              <td colSpan={span} style={{ height: paddingTop }} />
            </tr>
          )}
          {items.map((item) => {
            const row = rows[item.index];
            if (row === undefined) return null;
            return (
              <RunLine
                key={item.key}
                index={item.index}
                row={row}
                columns={columns}
                checked={selected.has(row.run.info.runId)}
                onSelect={props.onSelect}
                onExpand={props.onExpand}
                now={props.now}
              />
            );
          })}
          {paddingBottom > 0 && (
            <tr className="spacer" aria-hidden="true">
              <td colSpan={span} style={{ height: paddingBottom }} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

/** A triangle pointing up (ascending) or down; a drawing, so it adds nothing to the name. */
function SortMark({ ascending }: { ascending: boolean }) {
  return (
    <svg className="sort-mark" viewBox="0 0 10 10" width="10" height="10" aria-hidden="true">
      <path d={ascending ? 'M5 1 L9 8 H1 Z' : 'M1 2 H9 L5 9 Z'} fill="currentColor" />
    </svg>
  );
}

interface RunLineProps {
  index: number;
  row: RunRow;
  columns: DataColumn[];
  checked: boolean;
  onSelect: (rowIndex: number, checked: boolean, range: boolean) => void;
  onExpand: (runId: string, expanded: boolean) => void;
  now: number;
}

function RunLine({ index, row, columns, checked, onSelect, onExpand, now }: RunLineProps) {
  const { info } = row.run;
  const name = info.runName || info.runId;
  return (
    <tr
      data-index={index}
      aria-rowindex={index + 2}
      className={[checked ? 'selected' : '', info.lifecycleStage === 'deleted' ? 'deleted' : '']
        .filter(Boolean)
        .join(' ')}
    >
      <td className="select">
        <input
          type="checkbox"
          data-nav="select"
          aria-label={`Select ${name}`}
          checked={checked}
          onChange={(event) =>
            onSelect(index, event.target.checked, (event.nativeEvent as MouseEvent).shiftKey)
          }
        />
      </td>
      <td className="name">
        <span className="name-cell" style={{ paddingLeft: `${Math.min(row.depth, 8) * 1.25}rem` }}>
          {row.childCount > 0 ? (
            <button
              type="button"
              className="expander"
              data-nav="expand"
              aria-expanded={row.expanded}
              aria-label={`${row.expanded ? 'Hide' : 'Show'} ${row.childCount} child run${
                row.childCount === 1 ? '' : 's'
              } of ${name}`}
              onClick={() => onExpand(info.runId, !row.expanded)}
            >
              <span aria-hidden="true">{row.expanded ? '▾' : '▸'}</span>
            </button>
          ) : (
            <span className="expander-space" aria-hidden="true" />
          )}
          <Link data-nav="name" to={`/runs/${encodeURIComponent(info.runId)}`}>
            {name}
          </Link>
          {info.lifecycleStage === 'deleted' && <span className="badge">deleted</span>}
          {row.missingParentId !== undefined && (
            <span className="badge child-badge">
              child run<span className="visually-hidden"> (its parent is not listed)</span>
            </span>
          )}
        </span>
      </td>
      <td>
        <span className={`state state-${info.status.toLowerCase()}`}>{info.status}</span>
      </td>
      <td>
        <time dateTime={isoTime(info.startTime)}>{formatTime(info.startTime)}</time>
      </td>
      <td>{formatDuration(info.startTime, info.endTime, Math.max(now, info.startTime))}</td>
      <td>{info.userId}</td>
      {columns.map((column) => (
        <td key={columnId(column)} className={column.kind === 'metrics' ? 'num' : undefined}>
          {cellText(row.run, column) ?? ''}
        </td>
      ))}
    </tr>
  );
}
