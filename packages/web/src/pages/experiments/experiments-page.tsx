import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../api/query-keys.js';
import type { ExperimentSearch } from '../../api/query-keys.js';
import { ErrorDisplay } from '../../components/error-display.js';
import { Loading } from '../../components/loading.js';
import { Pager } from '../../components/pager.js';
import { SearchForm } from '../../components/search-form.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { experimentFilterFor } from '../../search/experiment-filter.js';
import { useUrlParams } from '../../search/use-url-params.js';
import { VIEW_OPTIONS, viewParam, viewTypeOf } from '../../search/view-type.js';
import { useSignedIn } from '../../session/use-session.js';
import { ExperimentsTable } from './experiments-table.js';

const PAGE_SIZE = 50;

/** `/experiments?q=<name or filter>&view=active|deleted|all&page=<token>` */
export default function ExperimentsPage() {
  usePageTitle('Experiments');
  const { client } = useSignedIn();
  const { params, update, updateNow } = useUrlParams();
  const text = params.get('q') ?? '';
  const view = viewParam(params.get('view'));
  const search: ExperimentSearch = {
    filter: experimentFilterFor(text),
    viewType: viewTypeOf(view),
    pageToken: params.get('page') ?? undefined,
    maxResults: PAGE_SIZE,
  };
  const query = useQuery({
    queryKey: queryKeys.experiments.search(search),
    queryFn: () =>
      client.experiments.search({
        ...(search.filter !== undefined ? { filter: search.filter } : {}),
        ...(search.pageToken !== undefined ? { pageToken: search.pageToken } : {}),
        viewType: search.viewType,
        maxResults: search.maxResults,
        orderBy: ['name ASC'],
      }),
    // The previous page stays on screen (dimmed) while the next one loads.
    placeholderData: keepPreviousData,
  });
  const nextPageToken = query.data?.nextPageToken;
  return (
    <section aria-labelledby="experiments-heading">
      <h1 id="experiments-heading">Experiments</h1>
      <SearchForm
        // A new form when the URL changes (back button), so the box shows the URL's search.
        key={`${text}\u0000${view}`}
        id="experiment-search"
        label="Search experiments"
        text={text}
        onSearch={(q) => update({ q, page: undefined })}
        choice={{
          id: 'experiment-view',
          label: 'Show',
          value: view,
          options: VIEW_OPTIONS,
          onChange: (v) => updateNow({ view: v === 'active' ? undefined : v, page: undefined }),
        }}
      />
      {query.isError && (
        <ErrorDisplay
          error={query.error}
          title="Could not search the experiments"
          onRetry={() => void query.refetch()}
        />
      )}
      {query.isPending && <Loading label="Loading experiments" />}
      {query.data !== undefined && (
        <div className={query.isPlaceholderData ? 'stale' : undefined}>
          <ExperimentsTable experiments={query.data.experiments} />
          <Pager
            label="Experiment pages"
            onFirst={search.pageToken !== undefined ? () => update({ page: undefined }) : undefined}
            onNext={nextPageToken !== undefined ? () => update({ page: nextPageToken }) : undefined}
          />
        </div>
      )}
    </section>
  );
}
