import { useId } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { runKeys } from '../../../api/run-keys.js';
import { formatTime, isoTime } from '../../../format/format-time.js';
import { useSignedIn } from '../../../session/use-session.js';
import { SYSTEM_TAGS } from '../run-tags.js';
import { SectionQueryState } from './section-query-state.js';

const MAX_CHILDREN = 100;

/** Runs nested under this one (their `mlflow.parentRunId` tag names it); shown when there are some. */
export function ChildRunsSection({ runId, experimentId }: { runId: string; experimentId: string }) {
  const id = useId();
  const { client } = useSignedIn();
  const query = useQuery({
    queryKey: runKeys.children(runId),
    queryFn: () =>
      client.runs.search({
        experimentIds: [experimentId],
        filter: `tags.\`${SYSTEM_TAGS.parentRunId}\` = '${runId.replaceAll("'", "\\'")}'`,
        orderBy: ['attributes.start_time ASC'],
        maxResults: MAX_CHILDREN,
        runInfoOnly: true,
      }),
  });
  const runs = query.data?.runs ?? [];
  if (query.isSuccess && runs.length === 0) return null;
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>
        Child runs {query.data !== undefined && <span className="run-count">{runs.length}</span>}
      </h2>
      <SectionQueryState query={query} what="the child runs" />
      {runs.length > 0 && (
        <table className="data-table compact">
          <caption className="visually-hidden">Child runs</caption>
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Status</th>
              <th scope="col">Started</th>
            </tr>
          </thead>
          <tbody>
            {runs.map(({ info }) => (
              <tr key={info.runId}>
                <td>
                  <Link to={`/runs/${encodeURIComponent(info.runId)}`}>{info.runName}</Link>
                </td>
                <td>
                  <span className={`state state-${info.status.toLowerCase()}`}>{info.status}</span>
                </td>
                <td>
                  <time dateTime={isoTime(info.startTime)}>{formatTime(info.startTime)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {query.data?.nextPageToken !== undefined && (
        <p className="hint">
          The first {MAX_CHILDREN} are shown; the experiment's runs table lists them all.
        </p>
      )}
    </section>
  );
}
