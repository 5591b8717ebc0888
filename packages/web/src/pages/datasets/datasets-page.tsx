import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { datasetKeys } from '../../api/dataset-keys.js';
import { ErrorDisplay } from '../../components/error-display.js';
import { Loading } from '../../components/loading.js';
import { Pager } from '../../components/pager.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { formatTime, isoTime } from '../../format/format-time.js';
import { useUrlParams } from '../../search/use-url-params.js';
import { useSignedIn } from '../../session/use-session.js';
import { datasetPath, datasetVersionPath } from './dataset-paths.js';
import './datasets.css';

const PER_PAGE = 100;

/** `/datasets?page=`: datasets by name with their latest version and when they changed. */
export default function DatasetsPage() {
  const { client } = useSignedIn();
  const { params, update } = useUrlParams();
  usePageTitle('Datasets');
  const page = params.get('page') ?? undefined;
  const query = useQuery({
    queryKey: datasetKeys.list(page),
    queryFn: () =>
      client.datasets.list({
        maxResults: PER_PAGE,
        ...(page === undefined ? {} : { pageToken: page }),
      }),
  });
  const next = query.data?.nextPageToken;
  return (
    <section aria-labelledby="datasets-heading" className="ds-page">
      <h1 id="datasets-heading">Datasets</h1>
      <p className="ds-muted">
        Immutable, content-addressed versions: add one with{' '}
        <code>npx slipway datasets add &lt;name&gt; &lt;file or dir&gt;</code>.
      </p>
      {query.isPending && <Loading label="Loading the datasets" />}
      {query.isError && (
        <ErrorDisplay
          error={query.error}
          title="Could not load the datasets"
          onRetry={() => void query.refetch()}
        />
      )}
      {query.isSuccess && query.data.datasets.length === 0 && (
        <p className="empty">No datasets yet.</p>
      )}
      {query.isSuccess && query.data.datasets.length > 0 && (
        <>
          <div className="ds-table-scroll">
            <table className="data-table">
              <caption className="visually-hidden">Datasets</caption>
              <thead>
                <tr>
                  <th scope="col">Dataset</th>
                  <th scope="col">Latest version</th>
                  <th scope="col">Updated</th>
                  <th scope="col">Created by</th>
                  <th scope="col">Description</th>
                </tr>
              </thead>
              <tbody>
                {query.data.datasets.map((d) => (
                  <tr key={d.name} data-dataset={d.name}>
                    <td>
                      <Link to={datasetPath(d.name)}>{d.name}</Link>
                    </td>
                    <td className="num">
                      <Link to={datasetVersionPath(d.name, d.latestVersion)}>
                        {d.latestVersion}
                        <span className="visually-hidden"> (version of {d.name})</span>
                      </Link>
                    </td>
                    <td>
                      <time dateTime={isoTime(d.updatedAt)}>{formatTime(d.updatedAt)}</time>
                    </td>
                    <td>{d.createdBy}</td>
                    <td>{d.description ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            label="Datasets pages"
            onFirst={page !== undefined ? () => update({ page: undefined }) : undefined}
            onNext={next !== undefined ? () => update({ page: next }) : undefined}
          />
        </>
      )}
    </section>
  );
}
