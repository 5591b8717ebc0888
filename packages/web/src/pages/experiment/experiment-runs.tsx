import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useRef, useState } from 'react';
import { isSlipwayError } from '@slipway/sdk';
import type { LifecycleStage } from '@slipway/core';
import { queryKeys } from '../../api/query-keys.js';
import type { RunTableSearch } from '../../api/query-keys.js';
import { ErrorDisplay } from '../../components/error-display.js';
import { Loading } from '../../components/loading.js';
import { VIEW_OPTIONS, viewParam, viewTypeOf } from '../../search/view-type.js';
import { useSignedIn } from '../../session/use-session.js';
import { ColumnChooser } from './column-chooser.js';
import { RunActions } from './run-actions.js';
import { PARENT_RUN_TAG, nextSort, orderByFor } from './run-columns.js';
import { flattenRuns } from './run-tree.js';
import { RunsFilterForm } from './runs-filter-form.js';
import { RunsTable } from './runs-table.js';
import { useRunsTableState } from './runs-url-state.js';
import { RUNS_PAGE_SIZE, useRunPages } from './use-run-pages.js';
import './runs-table.css';

/** The filter's own error (shown at the box), as opposed to any other failure of the search. */
function filterErrorOf(err: unknown, filter: string): string | undefined {
  if (filter === '' || !isSlipwayError(err) || err.code !== 'INVALID_ARGUMENT') return undefined;
  return err.message.startsWith('Invalid order_by') ? undefined : err.message;
}

/** Past this many loaded pages, a change reloads from the first page rather than every page. */
const MAX_PAGES_REFETCHED = 5;

/**
 * An experiment's runs table: chosen metric, param and tag columns, the MLflow filter, sorting by
 * a header, the lifecycle view, nested runs, selection for comparing, deleting and restoring. All
 * of it is in the URL (see runs-url-state.ts); the chosen columns are also remembered per
 * experiment in this browser.
 */
export function ExperimentRuns({ experimentId }: { experimentId: string }) {
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const state = useRunsTableState(experimentId);
  const viewType = viewTypeOf(state.view);

  const keys = useQuery({
    queryKey: queryKeys.experiments.keys(experimentId, viewType),
    queryFn: () => client.experiments.keys(experimentId, { viewType }),
    placeholderData: keepPreviousData,
  });
  // Nesting needs each run's tags; without nested runs and without data columns, the search
  // asks for the runs' info only, which is much cheaper.
  const nested = keys.data?.systemTags.includes(PARENT_RUN_TAG) ?? false;
  const search: RunTableSearch = {
    experimentId,
    filter: state.filter === '' ? undefined : state.filter,
    orderBy: orderByFor(state.sort),
    viewType,
    runInfoOnly: state.columns.length === 0 && !nested,
    pageSize: RUNS_PAGE_SIZE,
  };
  const { query, runs } = useRunPages(search, !keys.isPending);
  const searchKey = JSON.stringify([search.filter, search.orderBy, search.viewType]);

  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const rows = useMemo(() => flattenRuns(runs ?? [], expanded), [runs, expanded]);
  const onExpand = useCallback((runId: string, open: boolean) => {
    setExpanded((current) => {
      const next = new Set(current);
      if (open) next.add(runId);
      else next.delete(runId);
      return next;
    });
  }, []);

  const selected = state.selected;
  const selectedSet = useMemo(() => new Set(selected), [selected]);
  const stages = useMemo(() => {
    const map = new Map<string, LifecycleStage>();
    for (const run of runs ?? []) map.set(run.info.runId, run.info.lifecycleStage);
    return map;
  }, [runs]);
  const loadedSelected = (runs ?? []).reduce(
    (n, run) => n + (selectedSet.has(run.info.runId) ? 1 : 0),
    0,
  );
  const loadedCount = runs?.length ?? 0;
  const selectedLoaded =
    loadedSelected === 0 ? 'none' : loadedSelected === loadedCount ? 'all' : 'some';

  // Shift-click selects (or clears) every row between the last checkbox clicked and this one.
  const anchor = useRef<string | null>(null);
  const onSelect = (rowIndex: number, checked: boolean, range: boolean) => {
    const runId = rows[rowIndex]?.run.info.runId;
    if (runId === undefined) return;
    let ids = [runId];
    const from =
      range && anchor.current !== null
        ? rows.findIndex((r) => r.run.info.runId === anchor.current)
        : -1;
    if (from >= 0) {
      const [lo, hi] = from < rowIndex ? [from, rowIndex] : [rowIndex, from];
      ids = rows.slice(lo, hi + 1).map((r) => r.run.info.runId);
    }
    anchor.current = runId;
    state.setSelected(
      checked
        ? [...selected, ...ids.filter((id) => !selectedSet.has(id))]
        : selected.filter((id) => !ids.includes(id)),
    );
  };
  const onSelectLoaded = (checked: boolean) => {
    const loaded = (runs ?? []).map((r) => r.info.runId);
    if (checked) state.setSelected([...selected, ...loaded.filter((id) => !selectedSet.has(id))]);
    else {
      const drop = new Set(loaded);
      state.setSelected(selected.filter((id) => !drop.has(id)));
    }
  };

  const filterError = query.isError ? filterErrorOf(query.error, state.filter) : undefined;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  const onLoadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);

  const afterChange = (outcome: { done: string[] }) => {
    if (state.view !== 'all') {
      const gone = new Set(outcome.done);
      state.setSelected(selected.filter((id) => !gone.has(id)));
    }
    void queryClient.invalidateQueries({ queryKey: ['experiments', 'keys', experimentId] });
    // Pages are offsets: after runs leave the view, every loaded page must be read again.
    const pages = query.data?.pages.length ?? 0;
    const key = queryKeys.runs.table(search);
    if (pages > MAX_PAGES_REFETCHED) void queryClient.resetQueries({ queryKey: key });
    else void queryClient.invalidateQueries({ queryKey: key });
  };

  const countId = 'runs-count';
  return (
    <section aria-labelledby="runs-heading" className="runs-section">
      <h2 id="runs-heading">Runs</h2>
      <RunsFilterForm
        key={state.filter}
        filter={state.filter}
        error={filterError}
        onFilter={state.setFilter}
      />
      <div className="runs-toolbar">
        <div className="field inline">
          <label htmlFor="runs-view">Show</label>
          <select
            id="runs-view"
            value={state.view}
            onChange={(event) => state.setView(viewParam(event.target.value))}
          >
            {VIEW_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        <ColumnChooser
          keys={keys.data}
          keysError={keys.isError}
          columns={state.columns}
          onChange={state.setColumns}
        />
        <RunActions
          selected={selected}
          view={state.view}
          stageOf={(runId) => stages.get(runId)}
          onClear={() => state.setSelected([])}
          onChanged={afterChange}
        />
      </div>
      <p id={countId} className="runs-count">
        {runs === undefined
          ? ''
          : `${loadedCount.toLocaleString()} run${loadedCount === 1 ? '' : 's'} loaded${
              hasNextPage ? ', more to load as you scroll' : ', all loaded'
            }`}
        {selected.length > 0 && ` · ${selected.length.toLocaleString()} selected`}
        {isFetchingNextPage && ' · loading more…'}
      </p>
      <p id="runs-keys-hint" className="visually-hidden">
        In the table, the up and down arrow keys move to the same control in the next or previous
        run; Home and End go to the first and last loaded run.
      </p>
      {query.isError && filterError === undefined && (
        <ErrorDisplay
          error={query.error}
          title="Could not load the runs"
          onRetry={() => void query.refetch()}
        />
      )}
      {(keys.isPending || (query.isPending && !query.isError)) && <Loading label="Loading runs" />}
      {runs !== undefined &&
        !query.isError &&
        (rows.length === 0 ? (
          <p className="empty">{state.filter === '' ? 'No runs.' : 'No runs match the filter.'}</p>
        ) : (
          <div className={query.isPlaceholderData ? 'stale' : undefined}>
            <RunsTable
              rows={rows}
              columns={state.columns}
              sort={state.sort}
              onSort={(field) => state.setSort(nextSort(state.sort, field))}
              selected={selectedSet}
              selectedLoaded={selectedLoaded}
              onSelect={onSelect}
              onSelectLoaded={onSelectLoaded}
              onExpand={onExpand}
              hasMore={hasNextPage && !query.isPlaceholderData}
              loadingMore={query.isFetching}
              onLoadMore={onLoadMore}
              searchKey={searchKey}
              now={query.dataUpdatedAt}
              describedBy={`${countId} runs-keys-hint`}
            />
          </div>
        ))}
    </section>
  );
}
