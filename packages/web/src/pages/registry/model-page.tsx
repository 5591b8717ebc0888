import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { registryKeys } from '../../api/registry-keys.js';
import { ErrorDisplay } from '../../components/error-display.js';
import { Loading } from '../../components/loading.js';
import { Pager } from '../../components/pager.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { formatTime } from '../../format/format-time.js';
import { useUrlParams } from '../../search/use-url-params.js';
import { useResourcePermission } from '../../session/use-resource-permission.js';
import { useSignedIn } from '../../session/use-session.js';
import { DeleteModelButton } from './delete-model-button.js';
import { DescriptionEditor } from './description-editor.js';
import { ModelAliases } from './model-aliases.js';
import { ModelHistory } from './model-history.js';
import { TagsEditor } from './tags-editor.js';
import { VersionsTable } from './versions-table.js';
import '../../styles/registry.css';

/** Versions per page; aliases can be moved to any of them. */
const VERSIONS_PAGE_SIZE = 100;

/** `/models/:name?versionsPage=<token>&history=<kind>`: a registered model and its versions. */
export default function ModelPage() {
  const { name = '' } = useParams();
  const { client } = useSignedIn();
  const { params, update } = useUrlParams();
  const permission = useResourcePermission('registered_model', name);
  const versionsPage = params.get('versionsPage') ?? undefined;
  const model = useQuery({
    queryKey: registryKeys.detail(name),
    queryFn: () => client.models.get(name),
  });
  const versions = useQuery({
    queryKey: registryKeys.versions(name, versionsPage),
    queryFn: () =>
      client.models.listVersions(name, {
        orderBy: ['version_number DESC'],
        maxResults: VERSIONS_PAGE_SIZE,
        ...(versionsPage !== undefined ? { pageToken: versionsPage } : {}),
      }),
    placeholderData: keepPreviousData,
  });
  usePageTitle(model.data?.name ?? name);
  if (model.isPending) return <Loading label="Loading the model" />;
  if (model.isError) {
    return (
      <section className="registry">
        <h1>{name}</h1>
        <ErrorDisplay error={model.error} title="Could not load the model" />
        <p>
          <Link to="/models">All models</Link>
        </p>
      </section>
    );
  }
  const m = model.data;
  const versionNumbers = (versions.data?.modelVersions ?? []).map((v) => v.version);
  const nextPage = versions.data?.nextPageToken;
  return (
    <article className="registry" aria-labelledby="model-heading">
      <p className="breadcrumb">
        <Link to="/models">Models</Link>
      </p>
      <h1 id="model-heading">{m.name}</h1>
      <dl className="facts">
        <div>
          <dt>Created</dt>
          <dd>{formatTime(m.creationTimestamp)}</dd>
        </div>
        <div>
          <dt>Last updated</dt>
          <dd>{formatTime(m.lastUpdatedTimestamp)}</dd>
        </div>
        <div>
          <dt>Created by</dt>
          <dd>{m.userId === '' ? '—' : m.userId}</dd>
        </div>
        <div>
          <dt>Your permission</dt>
          <dd>{permission.level ?? '…'}</dd>
        </div>
      </dl>
      <DescriptionEditor
        model={m.name}
        of="the model"
        description={m.description}
        save={(text) => client.models.updateDescription(m.name, text)}
        refusal={permission.refusal('update')}
      />
      <ModelAliases model={m} versions={versionNumbers} permission={permission} />
      <section aria-labelledby="versions-heading">
        <h2 id="versions-heading">Versions</h2>
        {versions.isPending && <Loading label="Loading the versions" />}
        {versions.isError && (
          <ErrorDisplay
            error={versions.error}
            title="Could not load the versions"
            onRetry={() => void versions.refetch()}
          />
        )}
        {versions.data !== undefined && (
          <div className={versions.isPlaceholderData ? 'stale' : undefined}>
            <VersionsTable versions={versions.data.modelVersions} />
            <Pager
              label="Version pages"
              onFirst={
                versionsPage !== undefined ? () => update({ versionsPage: undefined }) : undefined
              }
              onNext={nextPage !== undefined ? () => update({ versionsPage: nextPage }) : undefined}
            />
          </div>
        )}
      </section>
      <TagsEditor
        model={m.name}
        of="the model"
        tags={m.tags}
        setTag={(tag) => client.models.setTag(m.name, tag.key, tag.value)}
        deleteTag={(key) => client.models.deleteTag(m.name, key)}
        setRefusal={permission.refusal('update')}
        deleteRefusal={permission.refusal('update')}
      />
      <ModelHistory name={m.name} />
      <DeleteModelButton
        name={m.name}
        versionCount={
          versions.data !== undefined && nextPage === undefined && versionsPage === undefined
            ? versions.data.modelVersions.length
            : undefined
        }
        refusal={permission.refusal('delete')}
      />
    </article>
  );
}
