import { Link } from 'react-router';
import type { PipelineSummary } from '@slipway/core';
import { formatTime, isoTime } from '../../format/format-time.js';
import { pipelineRunPath, pipelineRunsPath } from './pipeline-paths.js';
import { StatusBadge } from './status-badge.js';

/** Pipelines by name with their run count and last run. */
export function PipelinesTable({ pipelines }: { pipelines: readonly PipelineSummary[] }) {
  return (
    <div className="pl-table-scroll">
      <table className="data-table">
        <caption className="visually-hidden">Pipelines</caption>
        <thead>
          <tr>
            <th scope="col">Pipeline</th>
            <th scope="col">Runs</th>
            <th scope="col">Last run</th>
            <th scope="col">Last run status</th>
          </tr>
        </thead>
        <tbody>
          {pipelines.map((p) => (
            <tr key={p.name} data-pipeline={p.name}>
              <td>
                <Link to={pipelineRunsPath(p.name)}>{p.name}</Link>
              </td>
              <td className="num">{p.runCount}</td>
              <td>
                <Link to={pipelineRunPath(p.lastRun.runId)}>
                  <time dateTime={isoTime(p.lastRun.createdAt)}>
                    {formatTime(p.lastRun.createdAt)}
                  </time>
                </Link>
              </td>
              <td>
                <StatusBadge status={p.lastRun.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
