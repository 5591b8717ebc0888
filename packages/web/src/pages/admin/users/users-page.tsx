import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { adminKeys } from '../../../api/admin-keys.js';
import { ErrorDisplay } from '../../../components/error-display.js';
import { Loading } from '../../../components/loading.js';
import { Pager } from '../../../components/pager.js';
import { usePageTitle } from '../../../components/use-page-title.js';
import { useUrlParams } from '../../../search/use-url-params.js';
import { useSignedIn } from '../../../session/use-session.js';
import { OutcomeMessage } from '../shared/outcome-message.js';
import { useOutcome } from '../shared/use-outcome.js';
import { CreateUserForm } from './create-user-form.js';
import { UsersTable } from './users-table.js';
import { useUserActions } from './use-user-actions.js';

const PAGE_SIZE = 100;

/** `/admin/users?page=<token>`: every user, creating one, passwords, admin flags, deletion. */
export default function UsersPage() {
  usePageTitle('Users');
  const { client, caller } = useSignedIn();
  const { params, update } = useUrlParams();
  const pageToken = params.get('page') ?? undefined;
  const [outcome, report] = useOutcome();
  const actions = useUserActions(report);
  const query = useQuery({
    queryKey: adminKeys.users.page(pageToken),
    queryFn: () =>
      client.users.list({ maxResults: PAGE_SIZE, ...(pageToken ? { pageToken } : {}) }),
    placeholderData: keepPreviousData,
  });
  const nextPageToken = query.data?.nextPageToken;
  return (
    <section aria-labelledby="users-heading">
      <h1 id="users-heading">Users</h1>
      <OutcomeMessage outcome={outcome} />
      {query.isError && (
        <ErrorDisplay
          error={query.error}
          title="Could not list the users"
          onRetry={() => void query.refetch()}
        />
      )}
      {query.isPending && <Loading label="Loading users" />}
      {query.data !== undefined && (
        <div className={query.isPlaceholderData ? 'stale' : undefined}>
          <UsersTable users={query.data.users} me={caller.username} actions={actions} />
          <Pager
            label="User pages"
            onFirst={pageToken !== undefined ? () => update({ page: undefined }) : undefined}
            onNext={nextPageToken !== undefined ? () => update({ page: nextPageToken }) : undefined}
          />
        </div>
      )}
      <CreateUserForm report={report} />
    </section>
  );
}
