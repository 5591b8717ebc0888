import { usePageTitle } from '../../../components/use-page-title.js';
import { useUrlParams } from '../../../search/use-url-params.js';
import { ResourceGrants } from './resource-grants.js';
import { ResourcePicker } from './resource-picker.js';
import { resourceTypeParam } from './resource-types.js';

/**
 * `/admin/permissions?type=experiment|registered_model|deployment&q=<name>&id=<resource>`: find
 * a resource, then see and change who holds which permission on it.
 */
export default function PermissionsPage() {
  usePageTitle('Permissions');
  const { params, update, updateNow } = useUrlParams();
  const type = resourceTypeParam(params.get('type'));
  const text = params.get('q') ?? '';
  const resourceId = params.get('id') ?? undefined;
  const linkTo = (id: string) => {
    const next = new URLSearchParams(params);
    next.set('type', type);
    next.set('id', id);
    return `/admin/permissions?${next.toString()}`;
  };
  return (
    <section aria-labelledby="permissions-heading">
      <h1 id="permissions-heading">Permissions</h1>
      <p className="lead">
        READ reads, EDIT also changes, MANAGE also deletes and grants; NO_PERMISSIONS shuts a user
        out even where the server&apos;s default would let them read. Runs and logged models follow
        their experiment, versions their registered model.
      </p>
      <div className="permissions-layout">
        <ResourcePicker
          // A new picker when the URL changes (back button), so the box shows the URL's search.
          key={`${type}\u0000${text}`}
          type={type}
          text={text}
          selectedId={resourceId}
          linkTo={linkTo}
          onType={(t) => updateNow({ type: t, id: undefined, q: undefined })}
          onSearch={(q) => update({ q })}
        />
        {resourceId === undefined ? (
          <p className="empty">Choose a resource to see its permissions.</p>
        ) : (
          <ResourceGrants key={`${type}\u0000${resourceId}`} type={type} resourceId={resourceId} />
        )}
      </div>
    </section>
  );
}
