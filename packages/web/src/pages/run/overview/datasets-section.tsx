import { useId } from 'react';
import type { DatasetInput } from '@slipway/core';

/** A schema or profile as MLflow stores it: a JSON string, pretty-printed when it parses. */
function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** The datasets the run used (MLflow's dataset inputs), with their schema and profile. */
export function DatasetsSection({ inputs }: { inputs: DatasetInput[] }) {
  const id = useId();
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>
        Dataset inputs <span className="run-count">{inputs.length}</span>
      </h2>
      {inputs.length === 0 ? (
        <p className="empty">No run-dataset inputs.</p>
      ) : (
        <ul className="run-dataset-list">
          {inputs.map(({ dataset, tags }) => (
            <li key={`${dataset.name}\u0000${dataset.digest}`} className="run-dataset">
              <h3>{dataset.name}</h3>
              <dl className="facts">
                <div>
                  <dt>Digest</dt>
                  <dd className="mono">{dataset.digest}</dd>
                </div>
                <div>
                  <dt>Source type</dt>
                  <dd>{dataset.sourceType}</dd>
                </div>
                <div>
                  <dt>Source</dt>
                  <dd className="mono">{dataset.source}</dd>
                </div>
                {tags.map((tag) => (
                  <div key={tag.key}>
                    <dt>{tag.key === 'mlflow.data.context' ? 'Context' : tag.key}</dt>
                    <dd>{tag.value}</dd>
                  </div>
                ))}
              </dl>
              {dataset.schema !== undefined && dataset.schema !== '' && (
                <details>
                  <summary>Schema</summary>
                  <pre
                    className="artifact-text"
                    tabIndex={0}
                    aria-label={`Schema of ${dataset.name}`}
                  >
                    {pretty(dataset.schema)}
                  </pre>
                </details>
              )}
              {dataset.profile !== undefined && dataset.profile !== '' && (
                <details>
                  <summary>Profile</summary>
                  <pre
                    className="artifact-text"
                    tabIndex={0}
                    aria-label={`Profile of ${dataset.name}`}
                  >
                    {pretty(dataset.profile)}
                  </pre>
                </details>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
