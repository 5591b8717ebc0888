import { useQuery } from '@tanstack/react-query';
import type { ModelVersionTensor } from '@slipway/core';
import { registryKeys } from '../../api/registry-keys.js';
import { ErrorDisplay } from '../../components/error-display.js';
import { Loading } from '../../components/loading.js';
import { SignatureTable } from '../../components/signature-table.js';
import type { SignatureRow } from '../../components/signature-table.js';
import { useSignedIn } from '../../session/use-session.js';

/** The tensors as registry rows; their named columns, where any are recorded, as a list to open. */
function rowsOf(tensors: readonly ModelVersionTensor[]): SignatureRow[] {
  const anyColumns = tensors.some((t) => t.columns !== undefined);
  return tensors.map((t) => ({
    name: t.name,
    datatype: t.datatype ?? (t.isTensor ? undefined : 'not a tensor'),
    // As declared: the registry shows a dynamic dimension's -1 as written, not as "?".
    shape: t.shape?.map(String),
    ...(anyColumns ? { note: <ColumnsList tensor={t} /> } : {}),
  }));
}

function ColumnsList({ tensor }: { tensor: ModelVersionTensor }) {
  const { columns } = tensor;
  if (columns === undefined) return <span className="empty">none</span>;
  return (
    <details>
      <summary>
        {columns.length} named column{columns.length === 1 ? '' : 's'}
      </summary>
      {/* Scrolls when long: focusable, so it scrolls from the keyboard too. */}
      <ol className="columns-list" tabIndex={0} aria-label={`Columns of ${tensor.name}`}>
        {columns.map((c) => (
          <li key={c.name}>
            <span className="mono">{c.name}</span> <span className="hint">{c.type}</span>
          </li>
        ))}
      </ol>
    </details>
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
            <SignatureTable
              caption="Inputs"
              rows={rowsOf(query.data.inputs)}
              noteHeading="Columns"
            />
            <SignatureTable
              caption="Outputs"
              rows={rowsOf(query.data.outputs)}
              noteHeading="Columns"
            />
          </div>
        </>
      )}
    </section>
  );
}
