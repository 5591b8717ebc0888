import { useCallback, useEffect, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { viewParam } from '../../search/view-type.js';
import type { ViewParam } from '../../search/view-type.js';
import { parseColumns, parseSort, serializeColumns, serializeSort } from './run-columns.js';
import type { DataColumn, RunSort } from './run-columns.js';
import { readSavedColumns, saveColumns } from './saved-columns.js';

/** The URL parameters of the runs table, so a shared link opens the same table. */
export const RUNS_PARAMS = {
  /** MLflow filter, as typed: `metrics.acc > 0.9 and params.lr = '0.01'`. */
  filter: 'filter',
  /** active (absent), deleted or all. */
  view: 'view',
  /** `metrics.acc,params.lr` (see serializeColumns); present and empty: no columns. */
  columns: 'columns',
  /** `metrics.acc desc`; absent: newest first. */
  sort: 'sort',
  /** Selected run ids, comma-separated, in the order they were picked. */
  selected: 'selected',
} as const;

export interface RunsTableState {
  filter: string;
  view: ViewParam;
  sort: RunSort;
  columns: DataColumn[];
  selected: string[];
  setFilter(filter: string): void;
  setView(view: ViewParam): void;
  setSort(sort: RunSort): void;
  /** Also remembered for the experiment in localStorage. */
  setColumns(columns: DataColumn[]): void;
  setSelected(runIds: string[]): void;
}

type Changes = Record<string, string | undefined>;

/**
 * The runs table's state, kept in the URL. The columns come from the URL when it names them (a
 * shared link shows its columns), or else from what this browser remembers for the experiment,
 * which is then written into the URL (so the address bar can be shared as it is). Filter, view and
 * sort changes are new history entries (Back undoes them); column and selection changes replace
 * the current one.
 */
export function useRunsTableState(experimentId: string): RunsTableState {
  const [params, setParams] = useSearchParams();
  const update = useCallback(
    // `sync` applies the URL at once (flushSync) for checkboxes, whose tick would otherwise show
    // a moment after the click; never from an effect, where React forbids flushSync.
    (changes: Changes, replace: boolean, sync = false) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(changes)) {
            if (value === undefined) next.delete(key);
            else next.set(key, value);
          }
          return next;
        },
        { replace, flushSync: sync },
      ),
    [setParams],
  );

  const urlColumns = params.get(RUNS_PARAMS.columns);
  const saved = useMemo(() => readSavedColumns(experimentId), [experimentId]);
  const columnsText = urlColumns ?? saved;
  const columns = useMemo(
    () => (columnsText === undefined ? [] : parseColumns(columnsText)),
    [columnsText],
  );
  useEffect(() => {
    if (urlColumns === null && saved !== undefined && saved !== '') {
      update({ [RUNS_PARAMS.columns]: saved }, true);
    }
  }, [urlColumns, saved, update]);

  const selectedText = params.get(RUNS_PARAMS.selected) ?? '';
  const selected = useMemo(
    () => (selectedText === '' ? [] : [...new Set(selectedText.split(',').filter(Boolean))]),
    [selectedText],
  );
  const sortText = params.get(RUNS_PARAMS.sort);
  const sort = useMemo(() => parseSort(sortText), [sortText]);

  return {
    filter: params.get(RUNS_PARAMS.filter) ?? '',
    view: viewParam(params.get(RUNS_PARAMS.view)),
    sort,
    columns,
    selected,
    setFilter: (filter) => update({ [RUNS_PARAMS.filter]: filter.trim() || undefined }, false),
    setView: (view) => update({ [RUNS_PARAMS.view]: view === 'active' ? undefined : view }, false),
    setSort: (next) => {
      const text = serializeSort(next);
      update(
        { [RUNS_PARAMS.sort]: text === serializeSort(parseSort(null)) ? undefined : text },
        false,
      );
    },
    setColumns: (next) => {
      const text = serializeColumns(next);
      saveColumns(experimentId, text);
      update({ [RUNS_PARAMS.columns]: text }, true, true);
    },
    setSelected: (runIds) =>
      update(
        { [RUNS_PARAMS.selected]: runIds.length === 0 ? undefined : runIds.join(',') },
        true,
        true,
      ),
  };
}
