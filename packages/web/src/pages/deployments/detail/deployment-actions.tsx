import { useId, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { DeploymentView } from '@slipway/core';
import { deploymentKeys } from '../../../api/deployment-keys.js';
import { ConfirmDialog } from '../../../components/confirm-dialog.js';
import { ErrorDisplay } from '../../../components/error-display.js';
import { useResourcePermission } from '../../../session/use-resource-permission.js';
import { useSignedIn } from '../../../session/use-session.js';
import { applicability } from './transition-actions.js';
import type { TransitionAction } from './transition-actions.js';

const LABELS: Record<TransitionAction, { button: string; verb: string; done: string }> = {
  promote: { button: 'Promote', verb: 'promote', done: 'Promoted.' },
  rollback: { button: 'Roll back', verb: 'roll back', done: 'Rolled back.' },
};

const ACTIONS: TransitionAction[] = ['promote', 'rollback'];

/**
 * Promote and roll back a canary or blue-green deployment, each after a confirmation. A button is
 * disabled, with the reason beside it, when the action does not apply now or the caller lacks
 * EDIT on the deployment (as far as the UI knows); the server still decides, and its refusal is
 * shown as its error.
 */
export function DeploymentActions({ deployment }: { deployment: DeploymentView }) {
  const { name } = deployment;
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const permission = useResourcePermission('deployment', name);
  const reasonsId = useId();
  const [asking, setAsking] = useState<TransitionAction | undefined>(undefined);
  const mutation = useMutation({
    mutationFn: (action: TransitionAction) =>
      action === 'promote' ? client.deployments.promote(name) : client.deployments.rollback(name),
    onSuccess: (updated) => {
      queryClient.setQueryData(deploymentKeys.detail(name), updated);
      void queryClient.invalidateQueries({ queryKey: deploymentKeys.events(name) });
      void queryClient.invalidateQueries({ queryKey: deploymentKeys.list });
    },
  });
  const states = ACTIONS.map((action) => ({ action, state: applicability(deployment, action) }));
  if (states.some(({ state }) => state === undefined)) return null;
  const refusal = permission.refusal('update');
  const reasons = [
    ...(refusal === undefined ? [] : [refusal]),
    ...states.flatMap(({ action, state }) =>
      state?.reason === undefined ? [] : [`${LABELS[action].button}: ${state.reason}`],
    ),
  ];
  const question = asking === undefined ? '' : (applicability(deployment, asking)?.question ?? '');
  const last = mutation.variables;
  return (
    <section aria-labelledby="actions-heading" className="dep-actions">
      <h2 id="actions-heading" className="visually-hidden">
        Promote or roll back
      </h2>
      <div className="dep-action-buttons">
        {states.map(({ action, state }) => (
          <button
            key={action}
            type="button"
            className={action === 'promote' ? 'primary' : undefined}
            disabled={state?.applies !== true || refusal !== undefined || mutation.isPending}
            aria-haspopup="dialog"
            aria-describedby={reasons.length > 0 ? reasonsId : undefined}
            onClick={() => {
              mutation.reset();
              setAsking(action);
            }}
          >
            {LABELS[action].button}
          </button>
        ))}
      </div>
      {reasons.length > 0 && (
        <ul id={reasonsId} className="dep-reasons">
          {reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
      {mutation.isError && last !== undefined && (
        <ErrorDisplay error={mutation.error} title={`Could not ${LABELS[last].verb}`} />
      )}
      {mutation.isSuccess && last !== undefined && (
        <p role="status" className="dep-done">
          {LABELS[last].done}
        </p>
      )}
      <ConfirmDialog
        open={asking !== undefined}
        title={asking === undefined ? '' : `${LABELS[asking].button} ${name}?`}
        confirmLabel={asking === undefined ? '' : LABELS[asking].button}
        tone="primary"
        onConfirm={() => {
          if (asking !== undefined) mutation.mutate(asking);
          setAsking(undefined);
        }}
        onCancel={() => setAsking(undefined)}
      >
        <p>{question}</p>
      </ConfirmDialog>
    </section>
  );
}
