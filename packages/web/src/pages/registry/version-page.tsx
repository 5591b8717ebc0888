import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { formatLineageRef } from '@slipway/core';
import { registryKeys } from '../../api/registry-keys.js';
import { ErrorDisplay } from '../../components/error-display.js';
import { Loading } from '../../components/loading.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { formatTime } from '../../format/format-time.js';
import { useResourcePermission } from '../../session/use-resource-permission.js';
import { useSignedIn } from '../../session/use-session.js';
import { DescriptionEditor } from './description-editor.js';
import { MODEL_LINEAGE, lineagePath } from '../lineage/lineage-paths.js';
import { modelPath } from './model-links.js';
import { SetAliasForm } from './set-alias-form.js';
import { StageForm } from './stage-form.js';
import { TagsEditor } from './tags-editor.js';
import { VersionFiles } from './version-files.js';
import { VersionSignature } from './version-signature.js';
import { VersionSource } from './version-source.js';
import '../../styles/registry.css';

/** `/models/:name/versions/:version`: one version, where it came from, what it takes and gives. */
export default function VersionPage() {
  const { name = '', version = '' } = useParams();
  const { client } = useSignedIn();
  const permission = useResourcePermission('registered_model', name);
  const [announcement, setAnnouncement] = useState('');
  const query = useQuery({
    queryKey: registryKeys.version(name, version),
    queryFn: () => client.models.getVersion(name, version),
  });
  usePageTitle(`${name} version ${version}`);
  const breadcrumb = (
    <p className="breadcrumb">
      <Link to="/models">Models</Link> / <Link to={modelPath(name)}>{name}</Link>
    </p>
  );
  if (query.isPending) return <Loading label="Loading the version" />;
  if (query.isError) {
    return (
      <section className="registry">
        {breadcrumb}
        <h1>
          {name} version {version}
        </h1>
        <ErrorDisplay error={query.error} title="Could not load the version" />
      </section>
    );
  }
  const v = query.data;
  const refusal = permission.refusal('update');
  return (
    <article className="registry" aria-labelledby="version-heading">
      {breadcrumb}
      <h1 id="version-heading">
        {v.name} <span className="version-number">version {v.version}</span>
      </h1>
      <dl className="facts">
        <div>
          <dt>Status</dt>
          <dd>
            <span className={`version-status status-${v.status.toLowerCase()}`}>{v.status}</span>
            {v.statusMessage !== '' && <span className="hint"> {v.statusMessage}</span>}
          </dd>
        </div>
        <div>
          <dt>Stage</dt>
          <dd>
            <span className="stage">{v.currentStage}</span>
          </dd>
        </div>
        <div>
          <dt>Aliases</dt>
          <dd>
            {v.aliases.length === 0 ? (
              <span className="empty">none</span>
            ) : (
              v.aliases.map((a) => (
                <span key={a} className="alias">
                  @{a}{' '}
                </span>
              ))
            )}
          </dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{formatTime(v.creationTimestamp)}</dd>
        </div>
        <div>
          <dt>Last updated</dt>
          <dd>{formatTime(v.lastUpdatedTimestamp)}</dd>
        </div>
        <div>
          <dt>Registered by</dt>
          <dd>{v.userId === '' ? '—' : v.userId}</dd>
        </div>
        <div className="wide">
          <dt>Source run</dt>
          <dd>
            <VersionSource runId={v.runId} />
          </dd>
        </div>
        <div>
          <dt>Lineage</dt>
          <dd>
            <Link
              to={lineagePath(
                formatLineageRef({ type: 'model-version', name: v.name, version: v.version }),
                MODEL_LINEAGE,
              )}
            >
              Lineage graph
            </Link>
          </dd>
        </div>
      </dl>
      <DescriptionEditor
        model={v.name}
        of={`version ${v.version}`}
        description={v.description}
        save={(text) => client.models.updateVersion(v.name, v.version, { description: text })}
        refusal={refusal}
      />
      <StageForm version={v} refusal={refusal} />
      <section aria-labelledby="version-aliases-heading">
        <h2 id="version-aliases-heading">Aliases</h2>
        <p className="status-message" role="status">
          {announcement}
        </p>
        <p>
          {v.aliases.length === 0
            ? 'No alias points at this version.'
            : `Points here: ${v.aliases.map((a) => `@${a}`).join(', ')}.`}{' '}
          Move aliases between versions on the <Link to={modelPath(v.name)}>model&apos;s page</Link>
          .
        </p>
        {refusal === undefined ? (
          <SetAliasForm model={v.name} versions={[v.version]} onDone={setAnnouncement} />
        ) : (
          <p className="hint">{refusal}</p>
        )}
      </section>
      <VersionSignature name={v.name} version={v.version} />
      <VersionFiles version={v} />
      <TagsEditor
        model={v.name}
        of={`version ${v.version}`}
        tags={v.tags}
        setTag={(tag) => client.models.setVersionTag(v.name, v.version, tag.key, tag.value)}
        deleteTag={(key) => client.models.deleteVersionTag(v.name, v.version, key)}
        setRefusal={refusal}
        deleteRefusal={permission.refusal('delete')}
      />
    </article>
  );
}
