import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { monitorKeys } from '../../api/monitor-keys.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { ErrorDisplay } from '../../components/error-display.js';
import { useSignedIn } from '../../session/use-session.js';
import { editMonitorPath, monitorsPath } from '../deployments/deployment-paths.js';
import { RunNowButton } from './run-now-button.js';

/** Run now, Edit and Delete (after a confirmation) for a caller with EDIT on the deployment. */
export function MonitorActions({ monitor, deployment }: { monitor: string; deployment: string }) {
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [asking, setAsking] = useState(false);
  const remove = useMutation({
    mutationFn: () => client.monitors.delete(monitor),
    onSuccess: async () => {
      setAsking(false);
      await queryClient.invalidateQueries({ queryKey: monitorKeys.list(deployment) });
      await navigate(monitorsPath(deployment));
      // Only once this page is gone: its queries would otherwise ask again, for a 404.
      queryClient.removeQueries({ queryKey: monitorKeys.monitor(monitor) });
    },
  });
  return (
    <section aria-label="Monitor actions" className="mon-actions">
      <RunNowButton monitor={monitor} deployment={deployment} />
      <Link className="button" to={editMonitorPath(deployment, monitor)}>
        Edit
      </Link>
      <button
        type="button"
        className="danger"
        aria-haspopup="dialog"
        onClick={() => {
          remove.reset();
          setAsking(true);
        }}
      >
        Delete
      </button>
      <ConfirmDialog
        open={asking}
        title={`Delete ${monitor}?`}
        confirmLabel="Delete"
        tone="danger"
        pending={remove.isPending}
        onConfirm={() => remove.mutate()}
        onCancel={() => setAsking(false)}
      >
        <p>The monitor, its schedule and every stored result go. This cannot be undone.</p>
        {remove.isError && <ErrorDisplay error={remove.error} title="Could not delete" />}
      </ConfirmDialog>
    </section>
  );
}
