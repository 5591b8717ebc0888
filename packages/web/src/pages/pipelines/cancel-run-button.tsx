import { useMutation, useQueryClient } from '@tanstack/react-query';
import { pipelineKeys } from '../../api/pipeline-keys.js';
import { ErrorDisplay } from '../../components/error-display.js';
import { useResourcePermission } from '../../session/use-resource-permission.js';
import { useSignedIn } from '../../session/use-session.js';

/**
 * Cancels a running run: pending and queued steps stop at once, running ones when their runner
 * next hears of it. Needs EDIT on the pipeline; when the UI knows the caller lacks it the button is
 * disabled with the reason, and any refusal the server answers (403) is shown as its error.
 */
export function CancelRunButton({ runId, pipeline }: { runId: string; pipeline: string }) {
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const refusal = useResourcePermission('pipeline', pipeline).refusal('update');
  const cancel = useMutation({
    mutationFn: () => client.pipelines.cancelRun(runId),
    onSuccess: (run) => {
      queryClient.setQueryData(pipelineKeys.detail(runId), run);
      void queryClient.invalidateQueries({ queryKey: pipelineKeys.lists });
    },
  });
  return (
    <div className="pl-cancel">
      <button
        type="button"
        className="pl-danger"
        onClick={() => cancel.mutate()}
        disabled={cancel.isPending || refusal !== undefined}
        aria-describedby={refusal === undefined ? undefined : 'pl-cancel-refusal'}
      >
        {cancel.isPending ? 'Cancelling…' : 'Cancel run'}
      </button>
      {refusal !== undefined && (
        <span id="pl-cancel-refusal" className="pl-muted">
          {refusal}
        </span>
      )}
      {cancel.isSuccess && (
        <span role="status" className="pl-muted">
          Cancellation requested: running steps stop at their next heartbeat.
        </span>
      )}
      {cancel.isError && <ErrorDisplay error={cancel.error} title="Could not cancel the run" />}
    </div>
  );
}
