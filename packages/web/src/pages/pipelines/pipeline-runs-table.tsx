import { Link } from 'react-router';
import type { PipelineRunSummary } from '@slipway/core';
import { formatTime, isoTime } from '../../format/format-time.js';
import { formatDuration } from '../run/format-duration.js';
import { pipelineRunPath } from './pipeline-paths.js';
import { runDurationMs, triggerText } from './run-facts.js';
import { StatusBadge } from './status-badge.js';
import { STEP_STATUSES, statusSymbol } from './step-status.js';

/** "✓ 3 succeeded, ↺ 2 cached": the statuses a run's steps are in, in step order. */
function StepCounts({ counts }: { counts: PipelineRunSummary['stepCounts'] }) {
  const shown = STEP_STATUSES.filter((s) => (counts[s] ?? 0) > 0);
  if (shown.length === 0) return <>—</>;
  return (
    <ul className="pl-counts">
      {shown.map((s) => (
        <li key={s} className={`pl-count pl-${s}`} data-count={s}>
          <span aria-hidden="true">{statusSymbol(s)}</span> {counts[s]} {s}
        </li>
      ))}
    </ul>
  );
}

/** Runs newest first: status, trigger, steps by status, who started them, when and for how long. */
export function PipelineRunsTable({ runs }: { runs: readonly PipelineRunSummary[] }) {
  return (
    <div className="pl-table-scroll">
      <table className="data-table">
        <caption className="visually-hidden">Pipeline runs</caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Pipeline</th>
            <th scope="col">Status</th>
            <th scope="col">Trigger</th>
            <th scope="col">Steps</th>
            <th scope="col">Created</th>
            <th scope="col">By</th>
            <th scope="col">Duration</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => {
            const duration = runDurationMs(r);
            return (
              <tr key={r.runId} data-run={r.runId}>
                <td>
                  <Link to={pipelineRunPath(r.runId)}>
                    <code>{r.runId.slice(0, 8)}</code>
                    <span className="visually-hidden"> run of {r.pipeline}</span>
                  </Link>
                </td>
                <td>{r.pipeline}</td>
                <td>
                  <StatusBadge status={r.status} />
                </td>
                <td>{triggerText(r.trigger)}</td>
                <td>
                  <StepCounts counts={r.stepCounts} />
                </td>
                <td>
                  <time dateTime={isoTime(r.createdAt)}>{formatTime(r.createdAt)}</time>
                </td>
                <td>{r.createdBy}</td>
                <td className="num">{duration === undefined ? '—' : formatDuration(duration)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
