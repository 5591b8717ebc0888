import { useQuery } from '@tanstack/react-query';
import type { AlertEventView, AlertStateView } from '@slipway/core';
import { monitorKeys } from '../../../api/monitor-keys.js';
import { ErrorDisplay } from '../../../components/error-display.js';
import { Loading } from '../../../components/loading.js';
import { formatTime, isoTime } from '../../../format/format-time.js';
import { useSignedIn } from '../../../session/use-session.js';
import { formatScore } from '../drift/drift-severity.js';
import { versionLabel } from '../run-versions.js';

const EVENTS_SHOWN = 50;

/** Since when an alert is in its state: its last firing or resolution, else its first evaluation. */
function since(alert: AlertStateView): number {
  if (alert.status === 'firing') return alert.lastFiredAt ?? alert.updatedAt;
  return alert.lastResolvedAt ?? alert.updatedAt;
}

function AlertStates({ alerts }: { alerts: AlertStateView[] }) {
  if (alerts.length === 0) return <p className="mon-muted">No alert has been evaluated yet.</p>;
  return (
    <div className="mon-table-scroll">
      <table className="data-table">
        <caption className="visually-hidden">Alert states</caption>
        <thead>
          <tr>
            <th scope="col">Alert</th>
            <th scope="col">Traffic</th>
            <th scope="col">Status</th>
            <th scope="col">Rule</th>
            <th scope="col">Latest value</th>
            <th scope="col">Since</th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((a) => (
            <tr key={`${a.alert}/${a.version ?? ''}`} data-alert={a.alert} data-status={a.status}>
              <th scope="row">
                {a.alert}{' '}
                <span className={`mon-severity mon-severity-${a.severity}`}>{a.severity}</span>
              </th>
              <td>{versionLabel(a.version)}</td>
              <td>
                <strong className={a.status === 'firing' ? 'mon-drift' : 'mon-ok'}>
                  {a.status}
                </strong>
              </td>
              <td>
                <code>
                  {a.metric} {a.op} {a.threshold}
                </code>
              </td>
              <td className="num">{formatScore(a.lastValue)}</td>
              <td>
                <time dateTime={isoTime(since(a))}>{formatTime(since(a))}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type Delivery = NonNullable<AlertEventView['deliveries']>[number];

/** One line per webhook: its last attempt's outcome, and how many attempts it took. */
function deliverySummary(deliveries: readonly Delivery[]): string[] {
  const last = new Map<string, Delivery>();
  for (const d of deliveries) last.set(d.webhookId, d);
  return [...last.values()].map((d) => {
    const outcome = d.statusCode !== undefined ? `HTTP ${d.statusCode}` : (d.error ?? 'no answer');
    const retry = d.nextAttemptAt === undefined ? '' : ', retrying';
    return `${d.webhookName}: ${outcome} (attempt ${d.attempt}${retry})`;
  });
}

function AlertEvents({ events }: { events: AlertEventView[] }) {
  if (events.length === 0) return <p className="mon-muted">No alert has fired yet.</p>;
  return (
    <div className="mon-table-scroll">
      <table className="data-table compact">
        <caption className="visually-hidden">Recent alert events, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Event</th>
            <th scope="col">Alert</th>
            <th scope="col">Traffic</th>
            <th scope="col">Value</th>
            <th scope="col">Threshold</th>
            <th scope="col">Webhook deliveries</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id} data-event={e.type}>
              <td>
                <time dateTime={isoTime(e.time)}>{formatTime(e.time)}</time>
              </td>
              <td>
                <strong className={e.type === 'fired' ? 'mon-drift' : 'mon-ok'}>{e.type}</strong>
              </td>
              <td>{e.alert}</td>
              <td>{versionLabel(e.version)}</td>
              <td className="num">{formatScore(e.value)}</td>
              <td className="num">
                {e.op} {formatScore(e.threshold)}
              </td>
              <td>
                {(e.deliveries ?? []).length === 0 ? (
                  <span className="mon-muted">none subscribed</span>
                ) : (
                  <ul className="mon-deliveries">
                    {deliverySummary(e.deliveries ?? []).map((line) => (
                      <li key={line}>{line}</li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The state of each of the monitor's alerts and their recent firings and resolutions. */
export function AlertsSection({ monitor, hasRules }: { monitor: string; hasRules: boolean }) {
  const { client } = useSignedIn();
  const alerts = useQuery({
    queryKey: monitorKeys.alerts(monitor),
    queryFn: () => client.monitors.alerts(monitor),
  });
  const events = useQuery({
    queryKey: monitorKeys.alertEvents(monitor),
    queryFn: () => client.monitors.alertEvents(monitor, { maxResults: EVENTS_SHOWN }),
  });
  return (
    <section aria-labelledby="alerts-heading">
      <h2 id="alerts-heading">Alerts</h2>
      {!hasRules && (
        <p className="mon-muted">
          This monitor has no alert rules: add an <code>alerts</code> list to its spec.
        </p>
      )}
      {alerts.isPending && <Loading label="Loading the alerts" />}
      {alerts.isError && (
        <ErrorDisplay
          error={alerts.error}
          title="Could not load the alerts"
          onRetry={() => void alerts.refetch()}
        />
      )}
      {alerts.isSuccess && (hasRules || alerts.data.length > 0) && (
        <AlertStates alerts={alerts.data} />
      )}
      <h3>Recent events</h3>
      {events.isPending && <Loading label="Loading the alert events" />}
      {events.isError && (
        <ErrorDisplay
          error={events.error}
          title="Could not load the alert events"
          onRetry={() => void events.refetch()}
        />
      )}
      {events.isSuccess && <AlertEvents events={events.data} />}
    </section>
  );
}
