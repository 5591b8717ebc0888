import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { registryKeys } from '../../api/registry-keys.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { ErrorDisplay } from '../../components/error-display.js';
import { useSignedIn } from '../../session/use-session.js';

interface DeleteModelButtonProps {
  name: string;
  /** Undefined when not all versions were loaded. */
  versionCount: number | undefined;
  /** Why deleting is disabled, when the UI knows the server would refuse (it needs MANAGE). */
  refusal: string | undefined;
}

/** Deletes the model with all its versions, after a confirmation; then back to the list. */
export function DeleteModelButton({ name, versionCount, refusal }: DeleteModelButtonProps) {
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [asking, setAsking] = useState(false);
  const remove = useMutation({
    mutationFn: () => client.models.delete(name),
    onSuccess: async () => {
      // Away first: the page's own queries would otherwise fetch the deleted model again.
      await navigate('/models', { replace: true });
      queryClient.removeQueries({ queryKey: registryKeys.model(name) });
      await queryClient.invalidateQueries({ queryKey: registryKeys.search.all });
    },
  });
  return (
    <section aria-labelledby="danger-heading" className="danger-zone">
      <h2 id="danger-heading">Delete this model</h2>
      <p>
        Deleting removes every version and alias; deployments that use them stop finding them. The
        model&apos;s history is kept.
      </p>
      <button
        type="button"
        className="danger"
        onClick={() => {
          remove.reset();
          setAsking(true);
        }}
        disabled={refusal !== undefined}
        title={refusal}
      >
        Delete model
      </button>
      {refusal !== undefined && <p className="hint">{refusal}</p>}
      <ConfirmDialog
        open={asking}
        title={`Delete ${name}?`}
        confirmLabel="Delete model"
        tone="danger"
        pending={remove.isPending}
        onCancel={() => setAsking(false)}
        onConfirm={() => remove.mutate()}
      >
        <p>
          The model <strong>{name}</strong>
          {versionCount === undefined
            ? ' and all its versions'
            : versionCount === 0
              ? ''
              : versionCount === 1
                ? ' and its version'
                : ` and its ${versionCount} versions`}{' '}
          will be deleted. This cannot be undone.
        </p>
        {remove.isError && <ErrorDisplay error={remove.error} title="Could not delete the model" />}
      </ConfirmDialog>
    </section>
  );
}
