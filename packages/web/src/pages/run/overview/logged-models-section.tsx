import { useId } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { LoggedModel } from '@slipway/core';
import { runKeys } from '../../../api/run-keys.js';
import { formatTime, isoTime } from '../../../format/format-time.js';
import { useSignedIn } from '../../../session/use-session.js';
import { SectionQueryState } from './section-query-state.js';

/** `LOGGED_MODEL_READY` -> `READY`. */
function statusLabel(model: LoggedModel): string {
  return model.status.replace(/^LOGGED_MODEL_/u, '');
}

/** The MLflow 3 logged models the run produced (its source run, or logged as its outputs). */
export function LoggedModelsSection({ runId }: { runId: string }) {
  const id = useId();
  const { client } = useSignedIn();
  const query = useQuery({
    queryKey: runKeys.loggedModels(runId),
    queryFn: () => client.runs.listLoggedModels(runId),
  });
  const models = query.data?.models ?? [];
  const stepsOf = (modelId: string) =>
    (query.data?.outputs ?? []).filter((o) => o.modelId === modelId).map((o) => o.step);
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>
        Logged models{' '}
        {query.data !== undefined && <span className="run-count">{models.length}</span>}
      </h2>
      <SectionQueryState query={query} what="the logged models" />
      {query.data !== undefined &&
        (models.length === 0 ? (
          <p className="empty">No logged models.</p>
        ) : (
          <table className="data-table">
            <caption className="visually-hidden">Logged models</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Model ID</th>
                <th scope="col">Status</th>
                <th scope="col">Type</th>
                <th scope="col">Output at step</th>
                <th scope="col">Metrics</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {models.map((model) => {
                const steps = stepsOf(model.modelId);
                return (
                  <tr key={model.modelId}>
                    <td>{model.name}</td>
                    <td className="mono">{model.modelId}</td>
                    <td>{statusLabel(model)}</td>
                    <td>{model.modelType || '—'}</td>
                    <td>{steps.length > 0 ? steps.join(', ') : '—'}</td>
                    <td className="mono">
                      {model.metrics.length === 0
                        ? '—'
                        : model.metrics.map((m) => `${m.key}=${m.value}`).join(', ')}
                    </td>
                    <td>
                      <time dateTime={isoTime(model.creationTimestamp)}>
                        {formatTime(model.creationTimestamp)}
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
