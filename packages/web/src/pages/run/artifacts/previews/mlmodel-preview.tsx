import { useMemo } from 'react';
import { Link } from 'react-router';
import { parse } from 'yaml';
import { decodeText } from '../decode-text.js';
import type { FilePrefix } from '../read-prefix.js';
import { JsonBlock, parseJson } from './json-preview.js';
import { SignatureTable } from '../../../../components/signature-table.js';
import type { SignatureRow } from '../../../../components/signature-table.js';
import { TextPreview } from './text-preview.js';

type Parsed = { ok: true; value: Record<string, unknown> } | { ok: false; message: string };

function parseMlmodel(text: string): Parsed {
  try {
    const value: unknown = parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return { ok: false, message: 'the YAML document is not a mapping' };
    }
    return { ok: true, value: value as Record<string, unknown> };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * MLflow keeps a signature's inputs and outputs as JSON strings inside the YAML: columns
 * (`{"name", "type"}`) or tensors (`{"name", "type": "tensor", "tensor-spec": {dtype, shape}}`).
 */
function signatureRows(json: unknown): SignatureRow[] | undefined {
  if (typeof json !== 'string') return undefined;
  const parsed = parseJson(json);
  if (!parsed.ok || !Array.isArray(parsed.value)) return undefined;
  return parsed.value.map((item: unknown, index) => {
    const spec = (item ?? {}) as {
      name?: unknown;
      type?: unknown;
      'tensor-spec'?: { dtype?: unknown; shape?: unknown };
    };
    const tensor = spec['tensor-spec'];
    const shape = Array.isArray(tensor?.shape) ? (tensor.shape as number[]) : undefined;
    return {
      name: typeof spec.name === 'string' ? spec.name : `#${index + 1}`,
      datatype: String(tensor?.dtype ?? spec.type ?? '—'),
      shape,
    };
  });
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** An MLflow model's `MLmodel` file (YAML): its flavours, run and signature, then all of it as JSON. */
export default function MlmodelPreview({ prefix, name }: { prefix: FilePrefix; name: string }) {
  const source = useMemo(() => decodeText(prefix) ?? '', [prefix]);
  const parsed = useMemo(() => parseMlmodel(source), [source]);
  if (!parsed.ok) {
    return (
      <>
        <p className="artifact-note" role="note">
          Could not read {name} as YAML ({parsed.message}); shown as text.
        </p>
        <TextPreview text={source} label={`Contents of ${name}`} />
      </>
    );
  }
  const model = parsed.value;
  const flavors =
    model.flavors !== null && typeof model.flavors === 'object'
      ? Object.keys(model.flavors as object)
      : [];
  const runId = text(model.run_id);
  const signature = (model.signature ?? {}) as { inputs?: unknown; outputs?: unknown };
  const inputs = signatureRows(signature.inputs);
  const outputs = signatureRows(signature.outputs);
  const facts: Array<[string, string | undefined]> = [
    ['Artifact path', text(model.artifact_path)],
    ['Model UUID', text(model.model_uuid)],
    ['Model ID', text(model.model_id)],
    ['Created', text(model.utc_time_created)],
    ['MLflow version', text(model.mlflow_version)],
  ];
  return (
    <div className="artifact-manifest">
      <h3>MLflow model</h3>
      <dl className="facts">
        <div>
          <dt>Flavours</dt>
          <dd className="mono">{flavors.length > 0 ? flavors.join(', ') : '—'}</dd>
        </div>
        {runId !== undefined && (
          <div>
            <dt>Run</dt>
            <dd className="mono">
              <Link to={`/runs/${encodeURIComponent(runId)}`}>{runId}</Link>
            </dd>
          </div>
        )}
        {facts
          .filter((f): f is [string, string] => f[1] !== undefined)
          .map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd className="mono">{value}</dd>
            </div>
          ))}
      </dl>
      {inputs !== undefined && <SignatureTable caption="Signature inputs" rows={inputs} />}
      {outputs !== undefined && <SignatureTable caption="Signature outputs" rows={outputs} />}
      <h4>As JSON</h4>
      <JsonBlock value={model} label={`${name} as JSON`} />
    </div>
  );
}
