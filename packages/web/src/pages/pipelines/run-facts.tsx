import { Link } from 'react-router';
import { formatLineageRef } from '@slipway/core';
import type { PipelineRunInfo } from '@slipway/core';
import { formatTime, isoTime } from '../../format/format-time.js';
import { lineagePath } from '../lineage/lineage-paths.js';
import { formatDuration } from '../run/format-duration.js';
import { pipelineRunPath } from './pipeline-paths.js';

/** "schedule nightly", "dataset churn@4", "api". */
export function triggerText(trigger: PipelineRunInfo['trigger']): string {
  return trigger.detail === undefined ? trigger.type : `${trigger.type} ${trigger.detail}`;
}

/** How long a run took, or has run so far (undefined before it starts). */
export function runDurationMs(run: PipelineRunInfo): number | undefined {
  if (run.startedAt === undefined || run.finishedAt === undefined) return undefined;
  return run.finishedAt - run.startedAt;
}

/** A run's facts: id, trigger, who started it and when, timing and parameters. */
export function RunFacts({ run }: { run: PipelineRunInfo }) {
  const duration = runDurationMs(run);
  const params = Object.entries(run.params);
  return (
    <dl className="facts">
      <div>
        <dt>Run id</dt>
        <dd>
          <code>{run.runId}</code>
        </dd>
      </div>
      <div>
        <dt>Trigger</dt>
        <dd>{triggerText(run.trigger)}</dd>
      </div>
      {run.resumeOf !== undefined && (
        <div>
          <dt>Resumes</dt>
          <dd>
            <Link to={pipelineRunPath(run.resumeOf)}>{run.resumeOf.slice(0, 8)}</Link>
          </dd>
        </div>
      )}
      <div>
        <dt>Created</dt>
        <dd>
          <time dateTime={isoTime(run.createdAt)}>{formatTime(run.createdAt)}</time> by{' '}
          {run.createdBy}
        </dd>
      </div>
      <div>
        <dt>Duration</dt>
        <dd>{duration === undefined ? '—' : formatDuration(duration)}</dd>
      </div>
      <div>
        <dt>Lineage</dt>
        <dd>
          <Link to={lineagePath(formatLineageRef({ type: 'pipeline-run', runId: run.runId }))}>
            Lineage graph
          </Link>
        </dd>
      </div>
      {params.length > 0 && (
        <div>
          <dt>Parameters</dt>
          <dd>
            {params.map(([k, v], i) => (
              <span key={k}>
                {i > 0 ? ', ' : ''}
                <code>
                  {k}={typeof v === 'string' ? v : JSON.stringify(v)}
                </code>
              </span>
            ))}
          </dd>
        </div>
      )}
    </dl>
  );
}
