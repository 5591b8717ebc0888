import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { adminKeys } from '../../api/admin-keys.js';
import { ErrorDisplay } from '../../components/error-display.js';
import { Loading } from '../../components/loading.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { useSignedIn } from '../../session/use-session.js';
import { AuditTable } from './audit/audit-table.js';

const RECENT = 10;

const SECTIONS = [
  {
    to: '/admin/users',
    title: 'Users',
    text: 'Create users, set their passwords, make them admins, delete them.',
  },
  {
    to: '/admin/tokens',
    title: 'Tokens',
    text: "See and revoke any user's API tokens and web sessions.",
  },
  {
    to: '/admin/permissions',
    title: 'Permissions',
    text: 'Who may read, edit or manage each experiment, registered model and deployment.',
  },
  {
    to: '/admin/audit',
    title: 'Audit log',
    text: 'Every change and refused sign-in: who, when, and what it was before and after.',
  },
] as const;

/** `/admin`: the administration sections and the latest changes. */
export default function AdminPage() {
  usePageTitle('Administration');
  const { client } = useSignedIn();
  const recent = useQuery({
    queryKey: adminKeys.audit.search({ maxResults: RECENT }),
    queryFn: () => client.audit.search({ maxResults: RECENT }),
  });
  return (
    <section aria-labelledby="admin-heading">
      <h1 id="admin-heading">Administration</h1>
      <ul className="admin-cards">
        {SECTIONS.map((section) => (
          <li key={section.to}>
            <h2>
              <Link to={section.to}>{section.title}</Link>
            </h2>
            <p>{section.text}</p>
          </li>
        ))}
      </ul>
      <p>
        Your own API tokens are at <Link to="/settings/tokens">API tokens</Link>.
      </p>
      <h2>Latest changes</h2>
      {recent.isError && (
        <ErrorDisplay
          error={recent.error}
          title="Could not read the audit log"
          onRetry={() => void recent.refetch()}
        />
      )}
      {recent.isPending && <Loading label="Loading the latest changes" />}
      {recent.data !== undefined && (
        <>
          <AuditTable events={recent.data.events} caption="Latest changes" />
          <p>
            <Link to="/admin/audit">The whole audit log</Link>
          </p>
        </>
      )}
    </section>
  );
}
