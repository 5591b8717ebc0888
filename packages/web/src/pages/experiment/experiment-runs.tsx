import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../api/query-keys.js';
import type { RunSearch } from '../../api/query-keys.js';
import { ErrorDisplay } from '../../components/error-display.js';
import { Loading } from '../../components/loading.js';
import { Pager } from '../../components/pager.js';
import { formatTime, isoTime } from '../../format/format-time.js';
import { useUrlParams } from '../../search/use-url-params.js';
import { VIEW_OPTIONS, viewParam, viewTypeOf } from '../../search/view-type.js';
import { useSignedIn } from '../../session/use-session.js';

const PAGE_SIZE = 50;

/**
 * A first, plain list of an experiment's runs (newest first, one page at a time), until the
 * virtualised runs table replaces it. Its state is in the URL: `runsView`, `runsPage`.
 */
export function ExperimentRuns({ experimentId }: { experimentId: string }) {
  const { client } = useSignedIn();
  const { params, update } = useUrlParams();
  const view = viewParam(params.get('runsView'));
  const search: RunSearch = {
    experimentId,
    viewType: viewTypeOf(view),
    pageToken: params.get('runsPage') ?? undefined,
    maxResults: PAGE_SIZE,
  };
  const query = useQuery({
    queryKey: queryKeys.runs.search(search),
    queryFn: () =>
      client.runs.search({
        experimentIds: [experimentId],
        viewType: search.viewType,
        maxResults: search.maxResults,
        ...(search.pageToken !== undefined ? { pageToken: search.pageToken } : {}),
        orderBy: ['attributes.start_time DESC'],
        runInfoOnly: true,
      }),
    placeholderData: keepPreviousData,
  });
  const nextPageToken = query.data?.nextPageToken;
  return (
    <section aria-labelledby="runs-heading">
      <div className="section-header">
        <h2 id="runs-heading">Runs</h2>
        <div className="field inline">
          <label htmlFor="runs-view">Show</label>
          <select
            id="runs-view"
            value={view}
            onChange={(e) => {
              const next = viewParam(e.target.value);
              update({ runsView: next === 'active' ? undefined : next, runsPage: undefined });
            }}
          >
            {VIEW_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      {query.isError && (
        <ErrorDisplay
          error={query.error}
          title="Could not load the runs"
          onRetry={() => void query.refetch()}
        />
      )}
      {query.isPending && <Loading label="Loading runs" />}
      {query.data !== undefined &&
        (query.data.runs.length === 0 ? (
          <p className="empty">No runs.</p>
        ) : (
          <div className={query.isPlaceholderData ? 'stale' : undefined}>
            <table className="data-table">
              <caption className="visually-hidden">Runs</caption>
              <thead>
                <tr>
                  <th scope="col">Run</th>
                  <th scope="col">State</th>
                  <th scope="col">Started</th>
                  <th scope="col">User</th>
                </tr>
              </thead>
              <tbody>
                {query.data.runs.map(({ info }) => (
                  <tr key={info.runId}>
                    <td>
                      {info.runName}
                      {info.lifecycleStage === 'deleted' && <span className="badge">deleted</span>}
                    </td>
                    <td>
                      <span className={`state state-${info.status.toLowerCase()}`}>
                        {info.status}
                      </span>
                    </td>
                    <td>
                      <time dateTime={isoTime(info.startTime)}>{formatTime(info.startTime)}</time>
                    </td>
                    <td>{info.userId}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pager
              label="Run pages"
              onFirst={
                search.pageToken !== undefined ? () => update({ runsPage: undefined }) : undefined
              }
              onNext={
                nextPageToken !== undefined ? () => update({ runsPage: nextPageToken }) : undefined
              }
            />
          </div>
        ))}
    </section>
  );
}
