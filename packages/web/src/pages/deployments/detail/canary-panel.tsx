import type { DeploymentStats, DeploymentView } from '@slipway/core';
import { formatTime, isoTime } from '../../../format/format-time.js';
import { NONE, formatCount, formatMs, formatPercent, formatRatio } from '../format-figures.js';

type CanaryView = NonNullable<DeploymentView['canary']>;
type CanaryStats = NonNullable<DeploymentStats['canary']>;
type Analysis = CanaryStats['analysis'];

interface Check {
  label: string;
  value: string;
  threshold: string;
  /** undefined: not judged (no threshold, or no data yet). */
  passes: boolean | undefined;
}

function checksOf(analysis: Analysis): Check[] {
  const { requests, minRequests, errorRate, maxErrorRate, p95LatencyMs, maxP95LatencyMs } =
    analysis;
  return [
    {
      label: 'Candidate requests this step',
      value: formatCount(requests),
      threshold: `at least ${formatCount(minRequests)} to judge`,
      passes: requests >= minRequests,
    },
    {
      label: 'Error rate',
      value: formatRatio(errorRate),
      threshold:
        maxErrorRate === undefined ? 'not checked' : `at most ${formatRatio(maxErrorRate)}`,
      passes:
        maxErrorRate === undefined || errorRate === null ? undefined : errorRate <= maxErrorRate,
    },
    {
      label: 'p95 latency',
      value: formatMs(p95LatencyMs),
      threshold:
        maxP95LatencyMs === undefined ? 'not checked' : `at most ${formatMs(maxP95LatencyMs)}`,
      passes:
        maxP95LatencyMs === undefined || p95LatencyMs === null
          ? undefined
          : p95LatencyMs <= maxP95LatencyMs,
    },
  ];
}

function verdictText(passes: boolean | undefined, first: boolean): string {
  if (passes === undefined) return NONE;
  if (first) return passes ? 'enough' : 'not yet';
  return passes ? 'within' : 'over';
}

/**
 * A canary's progress: its phase and the candidate's weight, the steps with the current one
 * marked, when the next analysis runs and what the last one said, and the figures that analysis
 * will judge against the spec's thresholds (from the live statistics).
 */
export function CanaryPanel({ view, stats }: { view: CanaryView; stats: CanaryStats | undefined }) {
  const phase = stats?.phase ?? view.phase;
  const weight = stats?.weight ?? view.weight;
  const stepIndex = stats?.stepIndex ?? view.stepIndex;
  const steps = stats?.steps ?? view.steps;
  const stepStartedAt = stats?.stepStartedAt ?? view.stepStartedAt;
  const nextAnalysisAt = stats === undefined ? view.nextAnalysisAt : stats.nextAnalysisAt;
  const verdict = stats?.verdict ?? view.status;
  const moving = phase === 'progressing' || phase === 'paused';
  return (
    <section aria-labelledby="canary-heading" className="dep-panel">
      <h2 id="canary-heading">Canary</h2>
      <dl className="facts">
        <div>
          <dt>Phase</dt>
          <dd>
            <span className={`dep-phase dep-phase-${phase}`} data-phase={phase}>
              {phase}
            </span>
          </dd>
        </div>
        <div>
          <dt>Candidate weight</dt>
          <dd className="num">{formatPercent(weight)}</dd>
        </div>
        <div>
          <dt>Step</dt>
          <dd>{moving ? `${stepIndex + 1} of ${steps.length}` : NONE}</dd>
        </div>
        <div>
          <dt>Step started</dt>
          <dd>
            <time dateTime={isoTime(stepStartedAt)}>{formatTime(stepStartedAt)}</time>
          </dd>
        </div>
        <div>
          <dt>Next analysis</dt>
          <dd>
            {nextAnalysisAt === undefined ? (
              NONE
            ) : (
              <time dateTime={isoTime(nextAnalysisAt)}>{formatTime(nextAnalysisAt)}</time>
            )}
          </dd>
        </div>
      </dl>
      <ol className="dep-steps" aria-label="Canary steps: the candidate's weight at each">
        {steps.map((step, i) => {
          const done = phase === 'promoted' || (moving && i < stepIndex);
          const current = moving && i === stepIndex;
          return (
            <li
              key={step}
              className={current ? 'current' : done ? 'done' : undefined}
              aria-current={current ? 'step' : undefined}
            >
              {formatPercent(step)}
              <span className="visually-hidden">
                {current ? ' (current step)' : done ? ' (done)' : ''}
              </span>
            </li>
          );
        })}
      </ol>
      <p>
        Latest verdict: <span data-testid="canary-verdict">{verdict ?? 'none yet'}</span>
      </p>
      {stats !== undefined && moving && (
        <table className="data-table compact">
          <caption>Analysis of the current step</caption>
          <thead>
            <tr>
              <th scope="col">Check</th>
              <th scope="col">Now</th>
              <th scope="col">Threshold</th>
              <th scope="col">Verdict</th>
            </tr>
          </thead>
          <tbody>
            {checksOf(stats.analysis).map((check, i) => (
              <tr key={check.label}>
                <th scope="row">{check.label}</th>
                <td className="num">{check.value}</td>
                <td>{check.threshold}</td>
                <td className={check.passes === false ? 'dep-bad' : undefined}>
                  {verdictText(check.passes, i === 0)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
