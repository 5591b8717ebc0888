import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { PipelineStep } from '@slipway/core';
import { formatTime, isoTime } from '../../format/format-time.js';
import { formatDuration } from '../run/format-duration.js';
import { CacheParts } from './cache-parts.js';
import { pipelineRunPath } from './pipeline-paths.js';
import { StatusBadge } from './status-badge.js';
import { StepLogs } from './step-logs.js';
import { StepOutputs } from './step-outputs.js';
import { isLiveStep } from './step-status.js';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/**
 * The selected step: status and attempts, timing, worker, how it ended, where its outputs came
 * from when cached, its tracked run, cache key parts, outputs and streaming log.
 */
export function StepDetails({ runId, step }: { runId: string; step: PipelineStep }) {
  const headingId = `step-${step.key.replace(/[^\w-]/gu, '_')}-heading`;
  return (
    <section aria-labelledby={headingId} className="pl-step" data-selected-step={step.key}>
      <h2 id={headingId}>
        Step <code>{step.key}</code> <StatusBadge status={step.status} />
      </h2>
      <dl className="facts">
        <Fact label="Attempts">
          {step.attempt} of {step.retries + 1}
        </Fact>
        <Fact label="Duration">
          {step.durationMs !== undefined ? formatDuration(step.durationMs) : '—'}
        </Fact>
        <Fact label="Started">
          <time dateTime={isoTime(step.startedAt)}>{formatTime(step.startedAt)}</time>
        </Fact>
        <Fact label="Finished">
          <time dateTime={isoTime(step.finishedAt)}>{formatTime(step.finishedAt)}</time>
        </Fact>
        <Fact label="Worker">{step.worker ?? '—'}</Fact>
        {step.exitCode !== undefined && <Fact label="Exit code">{step.exitCode}</Fact>}
        {step.cachedFrom !== undefined && (
          <Fact label="Cached from">
            <Link to={pipelineRunPath(step.cachedFrom.runId, step.cachedFrom.stepKey)}>
              {step.cachedFrom.stepKey} of run {step.cachedFrom.runId.slice(0, 8)}
            </Link>
          </Fact>
        )}
        {step.trackedRunId !== undefined && (
          <Fact label="Tracked run">
            <Link to={`/runs/${encodeURIComponent(step.trackedRunId)}`}>{step.trackedRunId}</Link>
          </Fact>
        )}
      </dl>
      {step.error !== undefined && (
        <div className="error-display" role="note">
          <p className="error-title">
            {step.status === 'failed' ? 'Failed' : 'Last attempt failed'}
          </p>
          <pre className="error-message pl-break">{step.error}</pre>
        </div>
      )}
      <p>
        Command: <code className="pl-break">{step.command}</code>
      </p>
      <h3>Cache key</h3>
      <CacheParts cacheKey={step.cacheKey} parts={step.cacheParts} />
      <h3>Outputs</h3>
      <StepOutputs runId={runId} step={step} />
      <h3>Log</h3>
      <StepLogs
        key={`${runId}/${step.key}`}
        runId={runId}
        stepKey={step.key}
        live={isLiveStep(step.status)}
      />
    </section>
  );
}
