import { Fragment, useState } from 'react';
import type { LoggedPredictionView } from '@slipway/core';
import { formatMs } from '../format-figures.js';
import { formatClockDate } from './format-clock-date.js';
import { PredictionDetail } from './prediction-detail.js';
import { tensorsSummary } from './tensor-summary.js';

/** A row's identity: request ids repeat (a shadow challenger logs under the primary's id). */
const rowKey = (prediction: LoggedPredictionView, index: number) =>
  `${prediction.time}-${prediction.requestId}-${prediction.modelName}-${prediction.modelVersion}-${index}`;

/**
 * One page of logged predictions, newest first: when, which request, the version that served it,
 * latency, status, and the first values of its outputs and inputs. A row's button expands it to
 * the full JSON of both.
 */
export function PredictionsTable({ predictions }: { predictions: LoggedPredictionView[] }) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (key: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  if (predictions.length === 0) {
    return (
      <p className="empty">
        No predictions match. Requests appear here about a second after they are served.
      </p>
    );
  }
  return (
    <div className="dep-table-scroll" role="region" aria-label="Predictions" tabIndex={0}>
      <table className="data-table dep-predictions">
        <caption className="visually-hidden">Predictions, newest first</caption>
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Details</span>
            </th>
            <th scope="col">Time</th>
            <th scope="col">Request</th>
            <th scope="col">Version</th>
            <th scope="col">Latency</th>
            <th scope="col">Status</th>
            <th scope="col">Outputs</th>
            <th scope="col">Inputs</th>
          </tr>
        </thead>
        <tbody>
          {predictions.map((prediction, index) => {
            const key = rowKey(prediction, index);
            const expanded = open.has(key);
            const detailId = `prediction-${index}`;
            return (
              <Fragment key={key}>
                <tr
                  data-request-id={prediction.requestId}
                  data-version={prediction.modelVersion}
                  className={expanded ? 'dep-expanded' : undefined}
                >
                  <td>
                    <button
                      type="button"
                      className="dep-expander"
                      aria-expanded={expanded}
                      aria-controls={expanded ? detailId : undefined}
                      onClick={() => toggle(key)}
                    >
                      <span aria-hidden="true">{expanded ? '▾' : '▸'}</span>
                      <span className="visually-hidden">
                        Details of request {prediction.requestId}
                      </span>
                    </button>
                  </td>
                  <td>
                    <time dateTime={new Date(prediction.time).toISOString()}>
                      {formatClockDate(prediction.time)}
                    </time>
                  </td>
                  <td className="mono dep-request-id">{prediction.requestId}</td>
                  <td data-column="version">
                    {prediction.modelName} v{prediction.modelVersion}
                    {prediction.variant !== undefined && (
                      <span className="dep-muted"> ({prediction.variant})</span>
                    )}
                  </td>
                  <td className="num">{formatMs(prediction.latencyMs)}</td>
                  <td>
                    <span className={prediction.status === 'ok' ? 'dep-ok' : 'dep-bad'}>
                      {prediction.status}
                    </span>
                  </td>
                  <td className="mono dep-summary">{tensorsSummary(prediction.outputs)}</td>
                  <td className="mono dep-summary">{tensorsSummary(prediction.inputs)}</td>
                </tr>
                {expanded && (
                  <tr id={detailId} className="dep-prediction-detail">
                    <td colSpan={8}>
                      <PredictionDetail prediction={prediction} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
