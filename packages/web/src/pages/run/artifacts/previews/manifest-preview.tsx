import { useMemo } from 'react';
import { Link } from 'react-router';
import { isTabularSignature, parseModelManifest } from '@slipway/core';
import type { ModelManifest } from '@slipway/core';
import { artifactUrl, parentOf } from '../artifact-path.js';
import { decodeText } from '../decode-text.js';
import type { FilePrefix } from '../read-prefix.js';
import { JsonBlock, parseJson } from './json-preview.js';
import { SignatureTable } from '../../../../components/signature-table.js';
import type { SignatureRow } from '../../../../components/signature-table.js';

type Checked =
  | { manifest: ModelManifest; raw: unknown }
  | { problem: string; raw: unknown }
  | { problem: string; text: string };

function check(prefix: FilePrefix): Checked {
  const text = decodeText(prefix) ?? '';
  const parsed = parseJson(text);
  if (!parsed.ok) return { problem: `Not valid JSON: ${parsed.message}`, text };
  try {
    return { manifest: parseModelManifest(parsed.value), raw: parsed.value };
  } catch (err) {
    return { problem: err instanceof Error ? err.message : String(err), raw: parsed.value };
  }
}

function signatureTables(signature: ModelManifest['signature']) {
  if (isTabularSignature(signature)) {
    const columns: SignatureRow[] = signature.columns.map((c) => ({
      name: c.name,
      datatype: c.type,
      shape: undefined,
    }));
    return (
      <>
        <SignatureTable
          caption={`Input columns (filling ${signature.input.name}, ${signature.input.datatype})`}
          rows={columns}
        />
        <SignatureTable caption="Outputs" rows={signature.outputs} />
      </>
    );
  }
  const inputs: SignatureRow[] = signature.inputs.map((input) => ({
    ...input,
    ...(input.columns ? { note: `Columns: ${input.columns.join(', ')}` } : {}),
  }));
  return (
    <>
      <SignatureTable caption="Inputs" rows={inputs} />
      <SignatureTable caption="Outputs" rows={signature.outputs} />
    </>
  );
}

/**
 * A Slipway model package's `slipway-model.json`, checked as registration checks it, shown as
 * what it declares: flavour, model file, signature, metrics, lineage and model card; the JSON
 * itself below.
 */
export function ManifestPreview({
  runId,
  path,
  prefix,
}: {
  runId: string;
  path: string;
  prefix: FilePrefix;
}) {
  const checked = useMemo(() => check(prefix), [prefix]);
  if (!('manifest' in checked)) {
    return (
      <>
        <p className="artifact-note" role="note">
          Not a valid model manifest: {checked.problem}
        </p>
        {'raw' in checked ? (
          <JsonBlock value={checked.raw} label="Manifest JSON" />
        ) : (
          <pre className="artifact-text">{checked.text}</pre>
        )}
      </>
    );
  }
  const { manifest } = checked;
  const folder = parentOf(path);
  const modelFile = folder === '' ? manifest.modelFile : `${folder}/${manifest.modelFile}`;
  const metrics = Object.entries(manifest.metrics ?? {});
  const lineage = manifest.lineage;
  return (
    <div className="artifact-manifest">
      <h3>Slipway model package</h3>
      <dl className="facts">
        <div>
          <dt>Name</dt>
          <dd>{manifest.name ?? '—'}</dd>
        </div>
        <div>
          <dt>Flavour</dt>
          <dd className="mono">{manifest.flavor}</dd>
        </div>
        <div>
          <dt>Model file</dt>
          <dd className="mono">
            <Link to={artifactUrl(runId, modelFile)}>{manifest.modelFile}</Link>
          </dd>
        </div>
        <div>
          <dt>Format version</dt>
          <dd>{manifest.formatVersion}</dd>
        </div>
      </dl>
      {signatureTables(manifest.signature)}
      {metrics.length > 0 && (
        <table className="data-table compact">
          <caption>Metrics</caption>
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {metrics.map(([key, value]) => (
              <tr key={key}>
                <td className="mono">{key}</td>
                <td>{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {lineage !== undefined && (
        <dl className="facts">
          {lineage.runId !== undefined && (
            <div>
              <dt>Trained by run</dt>
              <dd className="mono">
                <Link to={`/runs/${encodeURIComponent(lineage.runId)}`}>{lineage.runId}</Link>
              </dd>
            </div>
          )}
          {lineage.codeVersion !== undefined && (
            <div>
              <dt>Code version</dt>
              <dd className="mono">{lineage.codeVersion}</dd>
            </div>
          )}
          {(lineage.datasets ?? []).length > 0 && (
            <div>
              <dt>Datasets</dt>
              <dd>{(lineage.datasets ?? []).map((d) => d.name).join(', ')}</dd>
            </div>
          )}
        </dl>
      )}
      {typeof manifest.modelCard === 'string' && (
        <>
          <h4>Model card</h4>
          <p className="description">{manifest.modelCard}</p>
        </>
      )}
      <details className="artifact-raw-json">
        <summary>The manifest as JSON</summary>
        <JsonBlock value={checked.raw} label="Manifest JSON" />
      </details>
    </div>
  );
}
