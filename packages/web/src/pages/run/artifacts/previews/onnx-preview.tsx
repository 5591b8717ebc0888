import { useQuery } from '@tanstack/react-query';
import { ARTIFACT_SIGNATURE_MAX_BYTES } from '@slipway/core';
import type { OnnxValueInfo } from '@slipway/core';
import { runKeys } from '../../../../api/run-keys.js';
import { ErrorDisplay } from '../../../../components/error-display.js';
import { Loading } from '../../../../components/loading.js';
import { useSignedIn } from '../../../../session/use-session.js';
import { formatBytes } from '../../format-bytes.js';
import { SignatureTable } from '../../../../components/signature-table.js';
import type { SignatureRow } from '../../../../components/signature-table.js';

function rowsOf(values: OnnxValueInfo[]): SignatureRow[] {
  return values.map((v) => ({
    name: v.name,
    datatype: v.datatype,
    shape: v.shape,
    ...(v.isTensor ? {} : { note: 'Sequence or map (no shape)' }),
  }));
}

/** An ONNX model's inputs and outputs, read by the server (the browser has no ONNX parser). */
export function OnnxPreview({
  runId,
  path,
  fileSize,
}: {
  runId: string;
  path: string;
  fileSize: number | undefined;
}) {
  const { client } = useSignedIn();
  const tooLarge = fileSize !== undefined && fileSize > ARTIFACT_SIGNATURE_MAX_BYTES;
  const query = useQuery({
    queryKey: runKeys.artifactSignature(runId, path),
    queryFn: () => client.artifacts.signature(runId, path),
    enabled: !tooLarge,
  });
  if (tooLarge) {
    return (
      <p className="artifact-note" role="note">
        The model is {formatBytes(fileSize)}: signatures are read for models up to{' '}
        {formatBytes(ARTIFACT_SIGNATURE_MAX_BYTES)}. Download it to inspect it.
      </p>
    );
  }
  if (query.isPending) return <Loading label="Reading the model's signature" />;
  if (query.isError) {
    return <ErrorDisplay error={query.error} title="Could not read the model's signature" />;
  }
  return (
    <div className="artifact-signature">
      <h3>ONNX model signature</h3>
      <SignatureTable caption="Inputs" rows={rowsOf(query.data.inputs)} />
      <SignatureTable caption="Outputs" rows={rowsOf(query.data.outputs)} />
    </div>
  );
}
