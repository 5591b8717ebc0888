import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { adminKeys } from '../../../api/admin-keys.js';
import { ErrorDisplay } from '../../../components/error-display.js';
import { Loading } from '../../../components/loading.js';
import { Pager } from '../../../components/pager.js';
import { usePageTitle } from '../../../components/use-page-title.js';
import { useUrlParams } from '../../../search/use-url-params.js';
import { useSignedIn } from '../../../session/use-session.js';
import { AuditFiltersForm } from './audit-filters-form.js';
import { AuditTable } from './audit-table.js';
import { auditFiltersOf, auditParamsOf, auditSearchOf } from './audit-url.js';

const PAGE_SIZE = 50;

/**
 * `/admin/audit?actor=&action=&type=&resource=&from=&to=&page=`: every change and refused
 * sign-in, newest first, filtered in the URL so a view of the log can be shared.
 */
export default function AuditPage() {
  usePageTitle('Audit log');
  const { client } = useSignedIn();
  const { params, update } = useUrlParams();
  const filters = auditFiltersOf(params);
  const pageToken = params.get('page') ?? undefined;
  const search = auditSearchOf(filters, pageToken, PAGE_SIZE);
  const query = useQuery({
    queryKey: adminKeys.audit.search(search),
    queryFn: () => client.audit.search(search),
    placeholderData: keepPreviousData,
  });
  const nextPageToken = query.data?.nextPageToken;
  return (
    <section aria-labelledby="audit-heading">
      <h1 id="audit-heading">Audit log</h1>
      <AuditFiltersForm
        // A new form when the URL changes (back button, Clear), so it shows the URL's filters.
        key={JSON.stringify(filters)}
        filters={filters}
        onApply={(next) => update(auditParamsOf(next))}
      />
      {query.isError && (
        <ErrorDisplay
          error={query.error}
          title="Could not search the audit log"
          onRetry={() => void query.refetch()}
        />
      )}
      {query.isPending && <Loading label="Loading the audit log" />}
      {query.data !== undefined && (
        <div className={query.isPlaceholderData ? 'stale' : undefined}>
          <AuditTable events={query.data.events} caption="Audit events" />
          <Pager
            label="Audit log pages"
            onFirst={pageToken !== undefined ? () => update({ page: undefined }) : undefined}
            onNext={nextPageToken !== undefined ? () => update({ page: nextPageToken }) : undefined}
          />
        </div>
      )}
    </section>
  );
}
