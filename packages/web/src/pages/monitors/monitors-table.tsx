import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { Monitor } from '@slipway/sdk';
import { monitorKeys } from '../../api/monitor-keys.js';
import { formatTime, isoTime } from '../../format/format-time.js';
import { useSignedIn } from '../../session/use-session.js';
import { monitorPath } from '../deployments/deployment-paths.js';
import { describeSchedule, describeWindow } from './monitor-facts.js';
import { RunNowButton } from './run-now-button.js';
import { resultOf } from './run-versions.js';

/** The latest run's verdict on all traffic: time, dataset drift, drift share, failed expectations. */
function LatestRunCells({ monitor }: { monitor: string }) {
  const { client } = useSignedIn();
  const query = useQuery({
    queryKey: monitorKeys.history(monitor, 1),
    queryFn: () => client.monitors.history(monitor, { maxResults: 1 }),
  });
  const run = query.data?.[0];
  if (query.isPending) return <td colSpan={4}>Loading…</td>;
  if (query.isError) return <td colSpan={4}>Could not load the latest run.</td>;
  if (run === undefined)
    return (
      <td colSpan={4} className="mon-muted">
        No runs yet
      </td>
    );
  const result = resultOf(run, null);
  const drift = result?.drift;
  const validation = result?.validation;
  return (
    <>
      <td>
        <time dateTime={isoTime(run.time)}>{formatTime(run.time)}</time>
      </td>
      <td data-figure="dataset-drift">
        {run.error !== undefined ? (
          <span className="mon-drift">run failed</span>
        ) : drift === undefined ? (
          <span className="mon-muted">{result?.skipped ?? 'not judged'}</span>
        ) : (
          <strong className={drift.datasetDrift ? 'mon-drift' : 'mon-ok'}>
            {drift.datasetDrift ? 'yes' : 'no'}
          </strong>
        )}
      </td>
      <td className="num" data-figure="drift-share">
        {drift === undefined ? '—' : `${Math.round(drift.driftShare * 100)} %`}
      </td>
      <td className="num" data-figure="failed-expectations">
        {validation === undefined ? '—' : validation.failed}
      </td>
    </>
  );
}

/** How many of the monitor's alerts fire now. */
function FiringCell({ monitor }: { monitor: string }) {
  const { client } = useSignedIn();
  const query = useQuery({
    queryKey: monitorKeys.alerts(monitor),
    queryFn: () => client.monitors.alerts(monitor),
  });
  const firing = query.data?.filter((a) => a.status === 'firing').length;
  return (
    <td className="num" data-figure="firing-alerts">
      {firing === undefined ? (
        '—'
      ) : firing > 0 ? (
        <strong className="mon-drift">{firing}</strong>
      ) : (
        0
      )}
    </td>
  );
}

interface MonitorsTableProps {
  monitors: readonly Monitor[];
  deployment: string;
  canEdit: boolean;
}

/** The deployment's monitors, a row each, with the latest run's verdict on all traffic. */
export function MonitorsTable({ monitors, deployment, canEdit }: MonitorsTableProps) {
  return (
    <div className="mon-table-scroll">
      <table className="data-table">
        <caption className="visually-hidden">Monitors</caption>
        <thead>
          <tr>
            <th scope="col">Monitor</th>
            <th scope="col">Reference</th>
            <th scope="col">Window</th>
            <th scope="col">Runs</th>
            <th scope="col">Latest run</th>
            <th scope="col">Dataset drift</th>
            <th scope="col">Drift share</th>
            <th scope="col">Failed expectations</th>
            <th scope="col">Firing alerts</th>
            {canEdit && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {monitors.map((m) => (
            <tr key={m.name} data-monitor={m.name}>
              <th scope="row">
                <Link to={monitorPath(deployment, m.name)}>{m.name}</Link>
              </th>
              <td>{m.spec.reference.type}</td>
              <td>{describeWindow(m.spec.window)}</td>
              <td>{describeSchedule(m.spec.schedule)}</td>
              <LatestRunCells monitor={m.name} />
              <FiringCell monitor={m.name} />
              {canEdit && (
                <td>
                  <RunNowButton monitor={m.name} deployment={deployment} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
