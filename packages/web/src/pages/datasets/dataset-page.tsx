import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { datasetKeys } from '../../api/dataset-keys.js';
import { ErrorDisplay } from '../../components/error-display.js';
import { Loading } from '../../components/loading.js';
import { Pager } from '../../components/pager.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { formatTime, isoTime } from '../../format/format-time.js';
import { useUrlParams } from '../../search/use-url-params.js';
import { useSignedIn } from '../../session/use-session.js';
import { formatBytes } from '../run/format-bytes.js';
import { DATASETS_PATH, datasetVersionPath } from './dataset-paths.js';
import './datasets.css';

const PER_PAGE = 100;

/** `/datasets/:name?page=`: a dataset's versions, newest first. */
export default function DatasetPage() {
  const { name = '' } = useParams();
  const { client } = useSignedIn();
  const { params, update } = useUrlParams();
  usePageTitle(`${name} dataset`);
  const page = params.get('page') ?? undefined;
  const dataset = useQuery({
    queryKey: datasetKeys.detail(name),
    queryFn: () => client.datasets.get(name),
  });
  const versions = useQuery({
    queryKey: datasetKeys.versions(name, page),
    queryFn: () =>
      client.datasets.versions(name, {
        maxResults: PER_PAGE,
        ...(page === undefined ? {} : { pageToken: page }),
      }),
    enabled: dataset.isSuccess,
  });
  const next = versions.data?.nextPageToken;
  return (
    <article aria-labelledby="dataset-heading" className="ds-page">
      <p className="breadcrumb">
        <Link to={DATASETS_PATH}>Datasets</Link>
      </p>
      <h1 id="dataset-heading">{name}</h1>
      {dataset.isPending && <Loading label="Loading the dataset" />}
      {dataset.isError && (
        <ErrorDisplay
          error={dataset.error}
          title="Could not load the dataset"
          onRetry={() => void dataset.refetch()}
        />
      )}
      {dataset.isSuccess && (
        <>
          {dataset.data.description !== undefined && (
            <p className="description">{dataset.data.description}</p>
          )}
          <dl className="facts">
            <div>
              <dt>Latest version</dt>
              <dd>{dataset.data.latestVersion}</dd>
            </div>
            <div>
              <dt>Created</dt>
              <dd>
                <time dateTime={isoTime(dataset.data.createdAt)}>
                  {formatTime(dataset.data.createdAt)}
                </time>{' '}
                by {dataset.data.createdBy}
              </dd>
            </div>
            <div>
              <dt>Updated</dt>
              <dd>
                <time dateTime={isoTime(dataset.data.updatedAt)}>
                  {formatTime(dataset.data.updatedAt)}
                </time>
              </dd>
            </div>
          </dl>
        </>
      )}
      <h2 id="versions-heading">Versions</h2>
      {versions.isPending && dataset.isSuccess && <Loading label="Loading the versions" />}
      {versions.isError && (
        <ErrorDisplay
          error={versions.error}
          title="Could not load the versions"
          onRetry={() => void versions.refetch()}
        />
      )}
      {versions.isSuccess && (
        <>
          <div className="ds-table-scroll">
            <table className="data-table" aria-labelledby="versions-heading">
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Digest</th>
                  <th scope="col">Rows</th>
                  <th scope="col">Size</th>
                  <th scope="col">Files</th>
                  <th scope="col">Created</th>
                  <th scope="col">By</th>
                  <th scope="col">Description</th>
                </tr>
              </thead>
              <tbody>
                {versions.data.versions.map((v) => (
                  <tr key={v.version} data-version={v.version}>
                    <td className="num">
                      <Link to={datasetVersionPath(name, v.version)}>
                        {v.version}
                        <span className="visually-hidden"> (version of {name})</span>
                      </Link>
                    </td>
                    <td>
                      <code title={v.digest}>{v.digest.slice(0, 12)}</code>
                    </td>
                    <td className="num">{v.rows?.toLocaleString() ?? '—'}</td>
                    <td className="num">{formatBytes(v.size)}</td>
                    <td className="num">{v.files.length}</td>
                    <td>
                      <time dateTime={isoTime(v.createdAt)}>{formatTime(v.createdAt)}</time>
                    </td>
                    <td>{v.createdBy}</td>
                    <td>{v.description ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            label="Versions pages"
            onFirst={page !== undefined ? () => update({ page: undefined }) : undefined}
            onNext={next !== undefined ? () => update({ page: next }) : undefined}
          />
        </>
      )}
    </article>
  );
}
