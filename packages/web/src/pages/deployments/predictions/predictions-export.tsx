import { useId, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { PREDICTION_EXPORT_FORMATS } from '@slipway/core';
import type { PredictionExportFormat } from '@slipway/core';
import { ErrorDisplay } from '../../../components/error-display.js';
import { useSignedIn } from '../../../session/use-session.js';
import { saveBlob } from '../../../components/save-blob.js';

const FORMAT_LABELS: Record<PredictionExportFormat, string> = {
  csv: 'CSV',
  jsonl: 'JSON Lines',
  parquet: 'Parquet',
};

interface PredictionsExportProps {
  deployment: string;
  from: number | undefined;
  to: number | undefined;
  /** The page's version filter: the export holds what the log above shows. */
  model: string | undefined;
  version: string | undefined;
}

/** Which versions the export holds, in the words of the version filter's options. */
function versionScope(model: string | undefined, version: string | undefined): string {
  if (version === undefined)
    return model === undefined ? 'all versions' : `every version of ${model}`;
  return model === undefined ? `version ${version}` : `${model} v${version}`;
}

/**
 * Downloads what the export API gives for the page's filters (time range and version, oldest
 * first, with ground truth) as CSV, JSON Lines or Parquet, through the SDK, so the session's
 * token is sent as for every call.
 */
export function PredictionsExport({
  deployment,
  from,
  to,
  model,
  version,
}: PredictionsExportProps) {
  const { client } = useSignedIn();
  const formatId = useId();
  const [format, setFormat] = useState<PredictionExportFormat>('csv');
  const scope = versionScope(model, version);
  const mutation = useMutation({
    mutationFn: async (chosen: PredictionExportFormat) => {
      const stream = await client.deployments.exportPredictions(deployment, {
        format: chosen,
        from,
        to,
        version,
        model,
      });
      const blob = await new Response(stream).blob();
      const suffix = version === undefined ? '' : `-v${version}`;
      const fileName = `${deployment}-predictions${suffix}.${chosen}`;
      saveBlob(blob, fileName);
      return { fileName, bytes: blob.size };
    },
  });
  return (
    <section aria-labelledby="export-heading" className="dep-export">
      <h2 id="export-heading">Export</h2>
      <p className="dep-muted">
        Every prediction of the time range and version chosen above ({scope}), oldest first, with
        ground truth.
      </p>
      <div className="dep-export-controls">
        <div className="field">
          <label htmlFor={formatId}>Format</label>
          <select
            id={formatId}
            value={format}
            onChange={(e) => setFormat(e.target.value as PredictionExportFormat)}
          >
            {PREDICTION_EXPORT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {FORMAT_LABELS[f]}
              </option>
            ))}
          </select>
        </div>
        <button type="button" onClick={() => mutation.mutate(format)} disabled={mutation.isPending}>
          {mutation.isPending ? 'Exporting…' : 'Export'}
        </button>
      </div>
      {mutation.isSuccess && (
        <p role="status">
          Saved {mutation.data.fileName} ({mutation.data.bytes.toLocaleString()} bytes).
        </p>
      )}
      {mutation.isError && <ErrorDisplay error={mutation.error} title="Could not export" />}
    </section>
  );
}
