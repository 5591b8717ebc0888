import { useEffect, useRef } from 'react';
import { ErrorDisplay } from '../../components/error-display.js';
import { Loading } from '../../components/loading.js';
import { useStepLogs } from './use-step-logs.js';

const STREAM_LABELS = { stdout: 'out', stderr: 'err', system: 'sys' } as const;

/**
 * A step's log, streaming while the step runs: stdout plain, stderr and the runner's own system
 * lines marked (a label and a colour), the newest at the bottom and followed while the reader is
 * there.
 */
export function StepLogs({
  runId,
  stepKey,
  live,
}: {
  runId: string;
  stepKey: string;
  live: boolean;
}) {
  const query = useStepLogs(runId, stepKey, live);
  const box = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const count = query.data?.entries.length ?? 0;
  const lastSeq = query.data?.nextSeq ?? 0;
  useEffect(() => {
    const el = box.current;
    if (el !== null && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [lastSeq]);
  if (query.isPending) return <Loading label="Loading the log" />;
  if (query.isError) {
    return (
      <ErrorDisplay
        error={query.error}
        title="Could not load the log"
        onRetry={() => void query.refetch()}
      />
    );
  }
  const log = query.data;
  return (
    <>
      <p className="pl-muted" aria-live="polite">
        {count === 0 ? 'No log lines yet.' : `${log.nextSeq} entries`}
        {live ? ' · following the running step' : ''}
        {log.dropped > 0 ? ` · the first ${log.dropped} are not shown` : ''}
        {log.truncated ? ' · the server stopped keeping this log at its size limit' : ''}
      </p>
      {count > 0 && (
        <div
          className="pl-log"
          ref={box}
          role="log"
          aria-label={`Log of ${stepKey}`}
          tabIndex={0}
          onScroll={(event) => {
            const el = event.currentTarget;
            atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
          }}
        >
          {log.entries.map((e) => (
            <div key={e.seq} className={`pl-log-line pl-log-${e.stream}`} data-stream={e.stream}>
              <span className="pl-log-stream">{STREAM_LABELS[e.stream]}</span>
              <span className="pl-log-text">{e.text}</span>
            </div>
          ))}
        </div>
      )}
    </>
  );
}
