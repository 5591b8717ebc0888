import type { LoggedPredictionView } from '@slipway/core';
import { formatTime } from '../../../format/format-time.js';
import { compactJson } from './compact-json.js';

function Json({ label, value }: { label: string; value: unknown }) {
  return (
    <div className="dep-json">
      <h3>{label}</h3>
      <pre tabIndex={0} role="region" aria-label={label}>
        {compactJson(value)}
      </pre>
    </div>
  );
}

/** A prediction in full: its inputs and outputs as logged (JSON), any error and ground truth. */
export function PredictionDetail({ prediction }: { prediction: LoggedPredictionView }) {
  const id = prediction.requestId;
  return (
    <div className="dep-prediction-body">
      <dl className="facts">
        <div>
          <dt>Request</dt>
          <dd className="mono">{id}</dd>
        </div>
        <div>
          <dt>Variant</dt>
          <dd>{prediction.variant ?? '—'}</dd>
        </div>
        <div>
          <dt>Ground truth</dt>
          <dd>
            {prediction.groundTruth === undefined
              ? 'none attached'
              : `${JSON.stringify(prediction.groundTruth.label)} (${formatTime(prediction.groundTruth.time)})`}
          </dd>
        </div>
        {prediction.error !== undefined && (
          <div>
            <dt>Error</dt>
            <dd className="dep-bad">{prediction.error}</dd>
          </div>
        )}
      </dl>
      <div className="dep-json-pair">
        <Json label={`Inputs of request ${id}`} value={prediction.inputs} />
        <Json label={`Outputs of request ${id}`} value={prediction.outputs} />
      </div>
    </div>
  );
}
