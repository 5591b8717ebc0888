import { ErrorDisplay } from '../../../components/error-display.js';
import { formatClock } from '../format-clock.js';
import type { LiveStats, LiveState } from './use-live-stats.js';

const LABELS: Record<LiveState, string> = {
  connecting: 'Connecting to the live statistics…',
  live: 'Live',
  reconnecting: 'Connection lost; reconnecting…',
  paused: 'Paused while the tab is hidden',
  failed: 'Live statistics stopped',
};

/**
 * Where the live statistics are: the state is a polite live region (it changes rarely), the time
 * of the figures is not (it changes every second and would be read out each time).
 */
export function LiveStatus({ live }: { live: LiveStats }) {
  const latest = live.history.latest;
  return (
    <div className="dep-live-status">
      <p role="status" className="dep-live-state" data-state={live.state}>
        <span className={`dep-dot dep-dot-${live.state}`} aria-hidden="true" />
        {LABELS[live.state]}
      </p>
      {latest !== undefined && (
        <p className="dep-muted">
          Figures over the last {Math.round(latest.coveredSeconds)} s at{' '}
          <time dateTime={new Date(latest.time).toISOString()}>{formatClock(latest.time)}</time>, as
          this server counted them.
        </p>
      )}
      {live.state === 'failed' && (
        <ErrorDisplay error={live.error} title="The live statistics stopped" onRetry={live.retry} />
      )}
    </div>
  );
}
