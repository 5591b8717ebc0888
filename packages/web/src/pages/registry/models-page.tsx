import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { registryKeys } from '../../api/registry-keys.js';
import type { ModelSearch } from '../../api/registry-keys.js';
import { ErrorDisplay } from '../../components/error-display.js';
import { Loading } from '../../components/loading.js';
import { Pager } from '../../components/pager.js';
import { SearchForm } from '../../components/search-form.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { useUrlParams } from '../../search/use-url-params.js';
import { useSignedIn } from '../../session/use-session.js';
import { MODEL_SORTS, modelFilterFor, modelSortOf } from './model-filter.js';
import { ModelsTable } from './models-table.js';
import '../../styles/registry.css';

const PAGE_SIZE = 50;

/** `/models?q=<name or filter>&sort=name|updated|created&page=<token>` */
export default function ModelsPage() {
  usePageTitle('Models');
  const { client } = useSignedIn();
  const { params, update, updateNow } = useUrlParams();
  const text = params.get('q') ?? '';
  const sort = modelSortOf(params.get('sort'));
  const search: ModelSearch = {
    filter: modelFilterFor(text),
    orderBy: sort.orderBy,
    pageToken: params.get('page') ?? undefined,
    maxResults: PAGE_SIZE,
  };
  const query = useQuery({
    queryKey: registryKeys.search.of(search),
    queryFn: () =>
      client.models.search({
        ...(search.filter !== undefined ? { filter: search.filter } : {}),
        ...(search.pageToken !== undefined ? { pageToken: search.pageToken } : {}),
        orderBy: [search.orderBy],
        maxResults: search.maxResults,
      }),
    // The previous page stays on screen (dimmed) while the next one loads.
    placeholderData: keepPreviousData,
  });
  const nextPageToken = query.data?.nextPageToken;
  return (
    <section className="registry" aria-labelledby="models-heading">
      <h1 id="models-heading">Models</h1>
      <SearchForm
        // A new form when the URL changes (back button), so the box shows the URL's search.
        key={`${text}\u0000${sort.value}`}
        id="model-search"
        label="Search models"
        text={text}
        onSearch={(q) => update({ q, page: undefined })}
        choice={{
          id: 'model-sort',
          label: 'Order by',
          value: sort.value,
          options: MODEL_SORTS,
          onChange: (s) => updateNow({ sort: s === 'name' ? undefined : s, page: undefined }),
        }}
      />
      {query.isError && (
        <ErrorDisplay
          error={query.error}
          title="Could not search the models"
          onRetry={() => void query.refetch()}
        />
      )}
      {query.isPending && <Loading label="Loading models" />}
      {query.data !== undefined && (
        <div className={query.isPlaceholderData ? 'stale' : undefined}>
          <ModelsTable models={query.data.registeredModels} />
          <Pager
            label="Model pages"
            onFirst={search.pageToken !== undefined ? () => update({ page: undefined }) : undefined}
            onNext={nextPageToken !== undefined ? () => update({ page: nextPageToken }) : undefined}
          />
        </div>
      )}
    </section>
  );
}
