import type { DeploymentView } from '@slipway/core';

export type TransitionAction = 'promote' | 'rollback';

/** Whether an action applies now, and if not, why. */
export interface Applicability {
  applies: boolean;
  /** Why not, when it does not. */
  reason?: string;
  /** What the confirmation asks. */
  question: string;
}

function variantVersion(deployment: DeploymentView, id: string): string {
  const variant = deployment.variants.find((v) => v.id === id);
  return variant === undefined
    ? id
    : `${id}, ${variant.resolved.name} v${variant.resolved.version}`;
}

/** The last blue-green switch or rollback, from the deployment's recent events (newest first). */
function lastBlueGreenMove(deployment: DeploymentView): string | undefined {
  return deployment.recentEvents?.find(
    (event) =>
      (event.action === 'switched' || event.action === 'rolled-back') &&
      (event.details as { policy?: unknown }).policy === 'blue-green',
  )?.action;
}

/**
 * Whether promote or rollback applies to the deployment as it is, as the server's rules say
 * (canary: promote while progressing or paused, roll back unless rolled back; blue-green: promote
 * with a preview, roll back right after a switch). The server decides in the end; a refusal is
 * shown as its error.
 */
export function applicability(
  deployment: DeploymentView,
  action: TransitionAction,
): Applicability | undefined {
  const canary = deployment.canary;
  if (canary !== undefined) {
    const candidate = variantVersion(deployment, 'candidate');
    const stable = variantVersion(deployment, 'stable');
    if (action === 'promote') {
      const applies = canary.phase === 'progressing' || canary.phase === 'paused';
      return {
        applies,
        ...(applies
          ? {}
          : {
              reason:
                canary.phase === 'promoted'
                  ? 'The canary is already promoted.'
                  : 'The canary was rolled back; apply the spec again to restart it.',
            }),
        question: `Send all traffic to the candidate (${candidate}) now, skipping the remaining steps?`,
      };
    }
    const applies = canary.phase !== 'rolled-back';
    return {
      applies,
      ...(applies ? {} : { reason: 'The canary is already rolled back.' }),
      question: `Send all traffic back to the stable version (${stable})?`,
    };
  }
  const blueGreen = deployment.blueGreen;
  if (blueGreen !== undefined) {
    const preview = blueGreen.preview;
    if (action === 'promote') {
      return {
        applies: preview !== undefined,
        ...(preview === undefined ? { reason: 'There is no preview to switch to.' } : {}),
        question: `Switch live traffic from ${variantVersion(deployment, blueGreen.active)} to ${variantVersion(deployment, preview ?? '')}?`,
      };
    }
    const applies = preview !== undefined && lastBlueGreenMove(deployment) === 'switched';
    return {
      applies,
      ...(applies ? {} : { reason: 'Nothing to roll back: the last change was not a switch.' }),
      question: `Undo the last switch, sending live traffic back to ${variantVersion(deployment, preview ?? '')}?`,
    };
  }
  return undefined;
}
