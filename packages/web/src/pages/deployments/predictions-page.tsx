import { useId } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { deploymentKeys } from '../../api/deployment-keys.js';
import type { PredictionSearch } from '../../api/deployment-keys.js';
import { ErrorDisplay } from '../../components/error-display.js';
import { Loading } from '../../components/loading.js';
import { Pager } from '../../components/pager.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { useUrlParams } from '../../search/use-url-params.js';
import { useSignedIn } from '../../session/use-session.js';
import { deploymentPath } from './deployment-paths.js';
import {
  DEFAULT_PAGE_SIZE,
  PAGE_SIZES,
  filtersFromParams,
  pageSizeOf,
  paramsOfFilters,
} from './predictions/prediction-filters.js';
import { PredictionsExport } from './predictions/predictions-export.js';
import { PredictionsFilterForm } from './predictions/predictions-filter-form.js';
import { PredictionsTable } from './predictions/predictions-table.js';
import '../../styles/deployments.css';

/**
 * `/deployments/:name/predictions?model=&version=&from=&to=&size=&page=`: the deployment's logged
 * requests, newest first, a page at a time, filtered by version and time range, each expandable
 * to its full inputs and outputs; and an export of what the filters select.
 */
export default function PredictionsPage() {
  const { name = '' } = useParams();
  const { client } = useSignedIn();
  const { params, update } = useUrlParams();
  usePageTitle(`${name} predictions`);
  const filters = filtersFromParams(params);
  const size = pageSizeOf(params.get('size'));
  const sizeId = useId();
  const search: PredictionSearch = { deployment: name, ...filters, maxResults: size };
  const deployment = useQuery({
    queryKey: deploymentKeys.detail(name),
    queryFn: () => client.deployments.get(name),
  });
  const query = useQuery({
    queryKey: deploymentKeys.predictions(search),
    queryFn: () =>
      client.deployments.predictions(name, {
        model: search.model,
        version: search.version,
        from: search.from,
        to: search.to,
        pageToken: search.pageToken,
        maxResults: search.maxResults,
      }),
    // The previous page stays on screen (dimmed) while the next one loads.
    placeholderData: keepPreviousData,
  });
  const nextPageToken = query.data?.nextPageToken;
  return (
    <section aria-labelledby="predictions-heading" className="dep-page">
      <p className="breadcrumb">
        <Link to="/deployments">Deployments</Link> / <Link to={deploymentPath(name)}>{name}</Link>
      </p>
      <h1 id="predictions-heading">Predictions of {name}</h1>
      <PredictionsFilterForm
        // A new form when the URL changes (back button), so its fields show the URL's filters.
        key={params.toString()}
        filters={filters}
        variants={deployment.data?.variants}
        onApply={(chosen) => update(paramsOfFilters(chosen))}
      />
      <div className="dep-section-header">
        <h2>Requests, newest first</h2>
        <div className="dep-log-controls">
          <div className="field inline">
            <label htmlFor={sizeId}>Rows per page</label>
            <select
              id={sizeId}
              value={size}
              onChange={(event) => {
                const chosen = Number(event.target.value);
                update({
                  size: chosen === DEFAULT_PAGE_SIZE ? undefined : String(chosen),
                  page: undefined,
                });
              }}
            >
              {PAGE_SIZES.map((option) => (
                <option key={option} value={option}>
                  {option}
                </option>
              ))}
            </select>
          </div>
          <button type="button" onClick={() => void query.refetch()} disabled={query.isFetching}>
            Refresh
          </button>
        </div>
      </div>
      {query.isPending && <Loading label="Loading predictions" />}
      {query.isError && (
        <ErrorDisplay
          error={query.error}
          title="Could not load the predictions"
          onRetry={() => void query.refetch()}
        />
      )}
      {query.data !== undefined && (
        <div className={query.isPlaceholderData ? 'stale' : undefined}>
          <PredictionsTable predictions={query.data.predictions} />
          <Pager
            label="Prediction pages"
            onFirst={search.pageToken !== undefined ? () => update({ page: undefined }) : undefined}
            onNext={nextPageToken !== undefined ? () => update({ page: nextPageToken }) : undefined}
          />
        </div>
      )}
      <PredictionsExport
        deployment={name}
        from={filters.from}
        to={filters.to}
        model={filters.model}
        version={filters.version}
      />
    </section>
  );
}
