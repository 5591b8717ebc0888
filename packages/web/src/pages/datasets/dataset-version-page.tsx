import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { formatLineageRef } from '@slipway/core';
import type { DatasetColumn, DatasetVersion } from '@slipway/core';
import { datasetKeys } from '../../api/dataset-keys.js';
import { ErrorDisplay } from '../../components/error-display.js';
import { Loading } from '../../components/loading.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { formatTime, isoTime } from '../../format/format-time.js';
import { useSignedIn } from '../../session/use-session.js';
import { DATASET_LINEAGE, lineagePath } from '../lineage/lineage-paths.js';
import { formatBytes } from '../run/format-bytes.js';
import { ColumnProfile } from './column-profile.js';
import { DATASETS_PATH, datasetPath } from './dataset-paths.js';
import { DownloadFileButton } from './download-file-button.js';
import './datasets.css';

function SchemaTable({ schema, caption }: { schema: readonly DatasetColumn[]; caption: string }) {
  return (
    <table className="data-table compact ds-schema">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Column</th>
          <th scope="col">Type</th>
        </tr>
      </thead>
      <tbody>
        {schema.map((c) => (
          <tr key={c.name} data-schema-column={c.name}>
            <td>
              <code>{c.name}</code>
            </td>
            <td>{c.type}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function VersionFacts({ version }: { version: DatasetVersion }) {
  return (
    <dl className="facts">
      <div>
        <dt>Digest</dt>
        <dd>
          <code className="ds-break">{version.digest}</code>
        </dd>
      </div>
      <div>
        <dt>Rows</dt>
        <dd>{version.rows?.toLocaleString() ?? '—'}</dd>
      </div>
      <div>
        <dt>Size</dt>
        <dd>{formatBytes(version.size)}</dd>
      </div>
      <div>
        <dt>Created</dt>
        <dd>
          <time dateTime={isoTime(version.createdAt)}>{formatTime(version.createdAt)}</time> by{' '}
          {version.createdBy}
        </dd>
      </div>
      <div>
        <dt>Lineage</dt>
        <dd>
          <Link
            to={lineagePath(
              formatLineageRef({
                type: 'dataset-version',
                name: version.name,
                version: version.version,
              }),
              DATASET_LINEAGE,
            )}
          >
            Lineage graph
          </Link>
        </dd>
      </div>
    </dl>
  );
}

/**
 * `/datasets/:name/versions/:version`: one immutable version: its files (each downloadable), the
 * schema, and each file's per-column profile.
 */
export default function DatasetVersionPage() {
  const { name = '', version: versionParam = '' } = useParams();
  const { client } = useSignedIn();
  const number = Number(versionParam);
  usePageTitle(`${name}@${versionParam}`);
  const query = useQuery({
    queryKey: datasetKeys.version(name, number),
    queryFn: () => client.datasets.getVersion(name, versionParam),
    // A version never changes once stored.
    staleTime: Infinity,
  });
  const v = query.data;
  return (
    <article aria-labelledby="version-heading" className="ds-page">
      <p className="breadcrumb">
        <Link to={DATASETS_PATH}>Datasets</Link> / <Link to={datasetPath(name)}>{name}</Link>
      </p>
      <h1 id="version-heading">
        {name} version {versionParam}
      </h1>
      {query.isPending && <Loading label="Loading the version" />}
      {query.isError && (
        <ErrorDisplay
          error={query.error}
          title="Could not load the version"
          onRetry={() => void query.refetch()}
        />
      )}
      {v !== undefined && (
        <>
          {v.description !== undefined && <p className="description">{v.description}</p>}
          <VersionFacts version={v} />
          <h2 id="files-heading">Files</h2>
          <div className="ds-table-scroll">
            <table className="data-table" aria-labelledby="files-heading">
              <thead>
                <tr>
                  <th scope="col">Path</th>
                  <th scope="col">Format</th>
                  <th scope="col">Rows</th>
                  <th scope="col">Size</th>
                  <th scope="col">sha256</th>
                  <th scope="col">
                    <span className="visually-hidden">Download</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {v.files.map((f) => (
                  <tr key={f.path} data-file={f.path}>
                    <td>
                      <code>{f.path}</code>
                    </td>
                    <td>{f.format ?? '—'}</td>
                    <td className="num">{f.rows?.toLocaleString() ?? '—'}</td>
                    <td className="num">{formatBytes(f.size)}</td>
                    <td>
                      <code title={f.digest}>{f.digest.slice(0, 12)}</code>
                    </td>
                    <td>
                      <DownloadFileButton
                        path={f.path}
                        open={() => client.datasets.downloadStream(name, v.version, f.path)}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2 id="schema-heading">Schema</h2>
          {v.schema === undefined || v.schema.length === 0 ? (
            <p className="ds-muted">
              No single schema: the files are not tabular, or their columns differ (see each
              file&apos;s profile).
            </p>
          ) : (
            <SchemaTable schema={v.schema} caption="Schema" />
          )}
          <h2 id="profile-heading">Profile</h2>
          {v.files.map((f) => (
            <section key={f.path} aria-label={`Profile of ${f.path}`} data-profile={f.path}>
              <h3>
                <code>{f.path}</code>
              </h3>
              <ColumnProfile file={f} />
            </section>
          ))}
        </>
      )}
    </article>
  );
}
