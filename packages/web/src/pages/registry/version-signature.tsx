import { useQuery } from '@tanstack/react-query';
import type { ModelVersionTensor } from '@slipway/core';
import { registryKeys } from '../../api/registry-keys.js';
import { ErrorDisplay } from '../../components/error-display.js';
import { Loading } from '../../components/loading.js';
import { useSignedIn } from '../../session/use-session.js';

/** A shape as written in the docs: `[batch, 30]`, -1 for an unnamed dynamic dimension. */
function formatShape(shape: ModelVersionTensor['shape']): string {
  return shape === undefined ? '—' : `[${shape.join(', ')}]`;
}

function TensorTable({ caption, tensors }: { caption: string; tensors: ModelVersionTensor[] }) {
  const anyColumns = tensors.some((t) => t.columns !== undefined);
  return (
    <table className="data-table compact">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Datatype</th>
          <th scope="col">Shape</th>
          {anyColumns && <th scope="col">Columns</th>}
        </tr>
      </thead>
      <tbody>
        {tensors.map((t) => (
          <tr key={t.name}>
            <th scope="row" className="mono">
              {t.name}
            </th>
            <td className="mono">{t.datatype ?? (t.isTensor ? '—' : 'not a tensor')}</td>
            <td className="mono">{formatShape(t.shape)}</td>
            {anyColumns && (
              <td>
                {t.columns === undefined ? (
                  <span className="empty">none</span>
                ) : (
                  <details>
                    <summary>
                      {t.columns.length} named column{t.columns.length === 1 ? '' : 's'}
                    </summary>
                    {/* Scrolls when long: focusable, so it scrolls from the keyboard too. */}
                    <ol className="columns-list" tabIndex={0} aria-label={`Columns of ${t.name}`}>
                      {t.columns.map((c) => (
                        <li key={c.name}>
                          <span className="mono">{c.name}</span>{' '}
                          <span className="hint">{c.type}</span>
                        </li>
                      ))}
                    </ol>
                  </details>
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The inputs and outputs a version declares, read by the server from the version's
 * `slipway-model.json` or, without one, from its ONNX graph.
 */
export function VersionSignature({ name, version }: { name: string; version: string }) {
  const { client } = useSignedIn();
  const query = useQuery({
    queryKey: registryKeys.signature(name, version),
    queryFn: () => client.models.getVersionSignature(name, version),
    // Immutable files: the signature never changes.
    staleTime: Infinity,
    retry: false,
  });
  return (
    <section aria-labelledby="signature-heading">
      <h2 id="signature-heading">Signature</h2>
      {query.isPending && <Loading label="Reading the signature" />}
      {query.isError && <ErrorDisplay error={query.error} title="No signature to show" />}
      {query.data !== undefined && (
        <>
          <p className="hint">
            {query.data.source === 'manifest' ? 'Declared in' : 'Read from the ONNX graph of'}{' '}
            <code>{query.data.path}</code>.
          </p>
          <div className="signature">
            <TensorTable caption="Inputs" tensors={query.data.inputs} />
            <TensorTable caption="Outputs" tensors={query.data.outputs} />
          </div>
        </>
      )}
    </section>
  );
}
