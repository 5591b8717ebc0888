import { useMutation, useQueryClient } from '@tanstack/react-query';
import { monitorKeys } from '../../api/monitor-keys.js';
import { ErrorDisplay } from '../../components/error-display.js';
import { useSignedIn } from '../../session/use-session.js';

/**
 * Runs a monitor now (the result is stored like a scheduled one) and refreshes what shows its
 * results. A run that failed as a whole is still a stored run: its error is shown, not thrown.
 */
export function RunNowButton({ monitor, deployment }: { monitor: string; deployment: string }) {
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const run = useMutation({
    mutationFn: () => client.monitors.run(monitor),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: monitorKeys.monitor(monitor) });
      void queryClient.invalidateQueries({ queryKey: monitorKeys.list(deployment) });
    },
  });
  return (
    <span className="mon-run-now">
      <button type="button" onClick={() => run.mutate()} disabled={run.isPending}>
        {run.isPending ? 'Running…' : 'Run now'}
        <span className="visually-hidden"> {monitor}</span>
      </button>
      {run.isSuccess && (
        <span role="status" className={run.data.error === undefined ? 'mon-ok' : 'mon-drift'}>
          {run.data.error === undefined ? 'Run stored.' : `Run failed: ${run.data.error}`}
        </span>
      )}
      {run.isError && <ErrorDisplay error={run.error} title={`Could not run ${monitor}`} />}
    </span>
  );
}
