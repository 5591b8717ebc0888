import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { DeploymentEventView } from '@slipway/core';
import type { SlipwayClient } from '@slipway/sdk';
import { deploymentKeys } from '../../../api/deployment-keys.js';
import { ErrorDisplay } from '../../../components/error-display.js';
import { Loading } from '../../../components/loading.js';
import { formatTime, isoTime } from '../../../format/format-time.js';
import { useSignedIn } from '../../../session/use-session.js';

const PAGE = 1_000;
/** A deployment changes a few times a day; this many is years of history. */
const MOST_PAGES = 5;
const SHOWN_FIRST = 25;

/** The events route lists oldest first: all of it (to a bound), newest first for the page. */
async function allEvents(client: SlipwayClient, name: string): Promise<DeploymentEventView[]> {
  const events: DeploymentEventView[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < MOST_PAGES; page += 1) {
    const result = await client.deployments.events(name, {
      maxResults: PAGE,
      ...(pageToken === undefined ? {} : { pageToken }),
    });
    events.push(...result.events);
    pageToken = result.nextPageToken;
    if (pageToken === undefined) break;
  }
  return events.reverse();
}

/** What moved, from the event's details: "10 % → 50 %", "blue → green (v3 → v4)". */
function changeOf(event: DeploymentEventView): string {
  const { from, to, fromVersion, toVersion } = event.details as Record<string, unknown>;
  if (typeof from === 'number' && typeof to === 'number') return `${from} % → ${to} %`;
  if (typeof from === 'string' && typeof to === 'string') {
    const versions =
      typeof fromVersion === 'string' && typeof toVersion === 'string'
        ? ` (v${fromVersion} → v${toVersion})`
        : '';
    return `${from} → ${to}${versions}`;
  }
  return '';
}

/**
 * Every change of the deployment, newest first: applied specs, canary steps, promotions,
 * rollbacks and switches, with who made them and why (the deployment events route). Refreshed
 * when the live statistics report a new revision.
 */
export function TransitionsHistory({ name }: { name: string }) {
  const { client } = useSignedIn();
  const [showAll, setShowAll] = useState(false);
  const query = useQuery({
    queryKey: deploymentKeys.events(name),
    queryFn: () => allEvents(client, name),
  });
  const events = query.data ?? [];
  const shown = showAll ? events : events.slice(0, SHOWN_FIRST);
  return (
    <section aria-labelledby="history-heading" className="dep-panel">
      <h2 id="history-heading">Transitions</h2>
      {query.isPending && <Loading label="Loading the transitions" />}
      {query.isError && (
        <ErrorDisplay
          error={query.error}
          title="Could not load the transitions"
          onRetry={() => void query.refetch()}
        />
      )}
      {query.isSuccess && events.length === 0 && <p className="empty">No changes yet.</p>}
      {shown.length > 0 && (
        <table className="data-table">
          <caption className="visually-hidden">Transitions, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Change</th>
              <th scope="col">Moved</th>
              <th scope="col">Reason</th>
              <th scope="col">By</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((event) => (
              <tr key={event.id} data-action={event.action}>
                <td>
                  <time dateTime={isoTime(event.time)}>{formatTime(event.time)}</time>
                </td>
                <td>{event.action}</td>
                <td className="num">{changeOf(event)}</td>
                <td>{event.reason}</td>
                <td>{event.actor}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {events.length > SHOWN_FIRST && (
        <button type="button" onClick={() => setShowAll((all) => !all)}>
          {showAll ? `Show the latest ${SHOWN_FIRST}` : `Show all ${events.length}`}
        </button>
      )}
    </section>
  );
}
