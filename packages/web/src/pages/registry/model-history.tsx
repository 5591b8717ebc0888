import { useQuery } from '@tanstack/react-query';
import type { ModelHistoryEvent } from '@slipway/core';
import type { SlipwayClient } from '@slipway/sdk';
import { registryKeys } from '../../api/registry-keys.js';
import { ErrorDisplay } from '../../components/error-display.js';
import { Loading } from '../../components/loading.js';
import { formatTime, isoTime } from '../../format/format-time.js';
import { useUrlParams } from '../../search/use-url-params.js';
import { useSignedIn } from '../../session/use-session.js';
import { HISTORY_KINDS, describeHistoryEvent, historyFilterOf } from './history-event.js';

const PAGE_SIZE = 1000;
/** Pages read at most: a model with more changes shows its oldest 10,000 and says so. */
const MAX_PAGES = 10;

/**
 * The whole history, oldest first as the API pages it, so the timeline can show the newest first.
 * One model's changes are few (people move aliases and stages, not machines), so this is small.
 */
async function readHistory(
  client: SlipwayClient,
  name: string,
): Promise<{ events: ModelHistoryEvent[]; complete: boolean }> {
  const events: ModelHistoryEvent[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const res = await client.models.history(name, {
      maxResults: PAGE_SIZE,
      ...(pageToken !== undefined ? { pageToken } : {}),
    });
    events.push(...res.events);
    pageToken = res.nextPageToken;
    if (pageToken === undefined) return { events, complete: true };
  }
  return { events, complete: false };
}

/** Who changed what when: alias moves, stage transitions, versions, tags, newest first. */
export function ModelHistory({ name }: { name: string }) {
  const { client } = useSignedIn();
  const { params, updateNow } = useUrlParams();
  const filter = historyFilterOf(params.get('history'));
  const query = useQuery({
    queryKey: registryKeys.history(name),
    queryFn: () => readHistory(client, name),
  });
  const shown = (query.data?.events ?? [])
    .map((event) => ({ event, ...describeHistoryEvent(event) }))
    .filter((item) => filter === 'all' || item.kind === filter)
    .reverse();
  return (
    <section aria-labelledby="history-heading">
      <div className="section-header">
        <h2 id="history-heading">History</h2>
        <div className="field inline">
          <label htmlFor="history-filter">Show</label>
          <select
            id="history-filter"
            value={filter}
            onChange={(event) => {
              const next = historyFilterOf(event.target.value);
              updateNow({ history: next === 'all' ? undefined : next });
            }}
          >
            {HISTORY_KINDS.map((kind) => (
              <option key={kind.value} value={kind.value}>
                {kind.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      {query.isPending && <Loading label="Loading the history" />}
      {query.isError && (
        <ErrorDisplay
          error={query.error}
          title="Could not load the history"
          onRetry={() => void query.refetch()}
        />
      )}
      {query.data !== undefined && !query.data.complete && (
        <p className="hint">
          Only the oldest {(PAGE_SIZE * MAX_PAGES).toLocaleString()} changes are shown.
        </p>
      )}
      {query.data !== undefined &&
        (shown.length === 0 ? (
          <p className="empty">No changes of this kind.</p>
        ) : (
          <ol className="timeline" aria-label="Changes, newest first">
            {shown.map(({ event, kind, text }) => (
              <li key={event.id} className={`timeline-item kind-${kind}`}>
                <time dateTime={isoTime(event.time)}>{formatTime(event.time)}</time>
                <p>
                  <strong className="actor">{event.actor}</strong> {text}
                </p>
              </li>
            ))}
          </ol>
        ))}
    </section>
  );
}
