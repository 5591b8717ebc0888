import type { PipelineStep } from '@slipway/core';
import { useSignedIn } from '../../session/use-session.js';
import { DownloadFileButton } from '../datasets/download-file-button.js';
import { formatBytes } from '../run/format-bytes.js';

/** A step's output files with their size and digest, each downloadable. */
export function StepOutputs({ runId, step }: { runId: string; step: PipelineStep }) {
  const { client } = useSignedIn();
  if (step.outputs.length === 0) {
    return (
      <p className="pl-muted">
        {step.status === 'succeeded' || step.status === 'cached'
          ? 'The step wrote no outputs.'
          : 'Outputs are recorded when the step succeeds.'}
      </p>
    );
  }
  return (
    <table className="data-table compact">
      <caption className="visually-hidden">Outputs of {step.key}</caption>
      <thead>
        <tr>
          <th scope="col">Path</th>
          <th scope="col">Size</th>
          <th scope="col">sha256</th>
          <th scope="col">
            <span className="visually-hidden">Download</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {step.outputs.map((o) => (
          <tr key={o.path} data-output={o.path}>
            <td>
              <code>{o.path}</code>
            </td>
            <td className="num">{formatBytes(o.size)}</td>
            <td>
              <code title={o.digest}>{o.digest.slice(0, 12)}</code>
            </td>
            <td>
              <DownloadFileButton
                path={o.path}
                open={() => client.pipelines.downloadOutput(runId, step.key, o.path)}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
