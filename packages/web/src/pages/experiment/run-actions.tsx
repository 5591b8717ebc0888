import { useMutation } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { LifecycleStage } from '@slipway/core';
import { ErrorDisplay } from '../../components/error-display.js';
import type { ViewParam } from '../../search/view-type.js';
import { useSignedIn } from '../../session/use-session.js';

type Action = 'delete' | 'restore';

interface Outcome {
  action: Action;
  done: string[];
  failed: Array<{ runId: string; error: unknown }>;
}

interface RunActionsProps {
  selected: string[];
  view: ViewParam;
  /** The lifecycle stage of each loaded run; selected runs not loaded are tried either way. */
  stageOf: (runId: string) => LifecycleStage | undefined;
  onClear: () => void;
  /** After a delete or restore: the runs it changed, to refresh the table and selection. */
  onChanged: (outcome: Outcome) => void;
}

/** Requests in flight at once when deleting or restoring many runs. */
const CONCURRENCY = 8;

async function eachRun(runIds: string[], call: (runId: string) => Promise<void>, action: Action) {
  const outcome: Outcome = { action, done: [], failed: [] };
  let next = 0;
  const worker = async () => {
    while (next < runIds.length) {
      const runId = runIds[next++]!;
      try {
        await call(runId);
        outcome.done.push(runId);
      } catch (error) {
        outcome.failed.push({ runId, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, runIds.length) }, worker));
  return outcome;
}

const plural = (n: number) => `${n.toLocaleString()} run${n === 1 ? '' : 's'}`;

/**
 * What can be done with the selected runs: compare them (`/compare?runs=a,b`), delete them (soft:
 * the Deleted view can restore them) or restore them. Each run is its own request, so a run the
 * user may not change fails alone, with the server's message (PERMISSION_DENIED and why).
 */
export function RunActions({ selected, view, stageOf, onClear, onChanged }: RunActionsProps) {
  const { client } = useSignedIn();
  const navigate = useNavigate();
  const mutation = useMutation({
    mutationFn: ({ action, runIds }: { action: Action; runIds: string[] }) =>
      eachRun(
        runIds,
        (runId) => (action === 'delete' ? client.runs.delete(runId) : client.runs.restore(runId)),
        action,
      ),
    onSuccess: onChanged,
  });
  const deletable = selected.filter((id) => stageOf(id) !== 'deleted');
  const restorable = selected.filter((id) => stageOf(id) !== 'active');
  const outcome = mutation.data;
  const busy = mutation.isPending;
  return (
    <div className="run-actions">
      <div className="toolbar" role="toolbar" aria-label="Selected runs">
        <button
          type="button"
          className="primary"
          disabled={selected.length < 2}
          onClick={() =>
            void navigate(`/compare?runs=${selected.map(encodeURIComponent).join(',')}`)
          }
        >
          Compare{selected.length > 0 ? ` (${selected.length.toLocaleString()})` : ''}
        </button>
        {view !== 'deleted' && (
          <button
            type="button"
            disabled={busy || deletable.length === 0}
            onClick={() => mutation.mutate({ action: 'delete', runIds: deletable })}
          >
            Delete
          </button>
        )}
        {view !== 'active' && (
          <button
            type="button"
            disabled={busy || restorable.length === 0}
            onClick={() => mutation.mutate({ action: 'restore', runIds: restorable })}
          >
            Restore
          </button>
        )}
        <button type="button" disabled={selected.length === 0} onClick={onClear}>
          Clear selection
        </button>
      </div>
      <div role="status" className="action-status">
        {busy && 'Working…'}
        {outcome !== undefined &&
          !busy &&
          outcome.done.length > 0 &&
          `${outcome.action === 'delete' ? 'Deleted' : 'Restored'} ${plural(outcome.done.length)}.${
            outcome.action === 'delete' ? ' The Deleted view can restore them.' : ''
          }`}
      </div>
      {outcome !== undefined && !busy && outcome.failed.length > 0 && (
        <ErrorDisplay
          error={outcome.failed[0]!.error}
          title={`Could not ${outcome.action} ${plural(outcome.failed.length)} of ${(
            outcome.done.length + outcome.failed.length
          ).toLocaleString()}`}
        />
      )}
      {mutation.isError && (
        <ErrorDisplay error={mutation.error} title="Could not change the runs" />
      )}
    </div>
  );
}
