import { useId } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { runKeys } from '../../../api/run-keys.js';
import { formatTime, isoTime } from '../../../format/format-time.js';
import { useSignedIn } from '../../../session/use-session.js';
import { SectionQueryState } from './section-query-state.js';

/** Registry versions created from this run: one search on the versions' `run_id`. */
export function ModelVersionsSection({ runId }: { runId: string }) {
  const id = useId();
  const { client } = useSignedIn();
  const query = useQuery({
    queryKey: runKeys.modelVersions(runId),
    queryFn: () =>
      client.models.searchVersions({
        filter: `run_id = '${runId.replaceAll("'", "\\'")}'`,
        maxResults: 100,
      }),
  });
  const versions = query.data?.modelVersions ?? [];
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>
        Registered model versions{' '}
        {query.data !== undefined && <span className="run-count">{versions.length}</span>}
      </h2>
      <SectionQueryState query={query} what="the model versions" />
      {query.data !== undefined &&
        (versions.length === 0 ? (
          <p className="empty">No model versions were registered from this run.</p>
        ) : (
          <table className="data-table compact">
            <caption className="visually-hidden">Registered model versions</caption>
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Version</th>
                <th scope="col">Aliases</th>
                <th scope="col">Stage</th>
                <th scope="col">Registered</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => {
                const model = `/models/${encodeURIComponent(v.name)}`;
                return (
                  <tr key={`${v.name}\u0000${v.version}`}>
                    <td>
                      <Link to={model}>{v.name}</Link>
                    </td>
                    <td>
                      <Link to={`${model}/versions/${encodeURIComponent(v.version)}`}>
                        Version {v.version}
                      </Link>
                    </td>
                    <td>{v.aliases.length > 0 ? v.aliases.map((a) => `@${a}`).join(', ') : '—'}</td>
                    <td>{v.currentStage}</td>
                    <td>
                      <time dateTime={isoTime(v.creationTimestamp)}>
                        {formatTime(v.creationTimestamp)}
                      </time>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ))}
    </section>
  );
}
