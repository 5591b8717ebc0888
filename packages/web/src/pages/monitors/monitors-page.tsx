import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { monitorKeys } from '../../api/monitor-keys.js';
import { ErrorDisplay } from '../../components/error-display.js';
import { Loading } from '../../components/loading.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { useSignedIn } from '../../session/use-session.js';
import { deploymentPath, newMonitorPath } from '../deployments/deployment-paths.js';
import { MonitorsTable } from './monitors-table.js';
import { useCanEditMonitors } from './use-can-edit.js';
import './monitors.css';

/**
 * `/deployments/:name/monitors`: the deployment's monitors with their latest verdicts, Run now
 * and a link to create one (for callers with EDIT on the deployment).
 */
export default function MonitorsPage() {
  const { name = '' } = useParams();
  const { client } = useSignedIn();
  usePageTitle(`${name} monitors`);
  const canEdit = useCanEditMonitors(name);
  const query = useQuery({
    queryKey: monitorKeys.list(name),
    queryFn: () => client.monitors.list({ deployment: name }),
  });
  return (
    <section aria-labelledby="monitors-heading" className="mon-page">
      <p className="breadcrumb">
        <Link to="/deployments">Deployments</Link> / <Link to={deploymentPath(name)}>{name}</Link>
      </p>
      <h1 id="monitors-heading">Monitors of {name}</h1>
      <p className="mon-muted">
        Each monitor compares the deployment&apos;s traffic with a reference on a schedule (drift,
        data validation, performance from ground truth), per model version.
      </p>
      {canEdit && (
        <p>
          <Link className="button primary" to={newMonitorPath(name)}>
            New monitor
          </Link>
        </p>
      )}
      {query.isPending && <Loading label="Loading the monitors" />}
      {query.isError && (
        <ErrorDisplay
          error={query.error}
          title="Could not load the monitors"
          onRetry={() => void query.refetch()}
        />
      )}
      {query.isSuccess && query.data.length === 0 && (
        <p className="empty">This deployment has no monitors yet.</p>
      )}
      {query.isSuccess && query.data.length > 0 && (
        <MonitorsTable monitors={query.data} deployment={name} canEdit={canEdit} />
      )}
    </section>
  );
}
