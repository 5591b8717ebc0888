import type { DeploymentView } from '@slipway/core';

type Policy = DeploymentView['policy'];

const POLICY_LABELS: Record<Policy, string> = {
  single: 'Single',
  canary: 'Canary',
  'blue-green': 'Blue-green',
  shadow: 'Shadow',
  ab: 'A/B',
  bandit: 'Bandit',
};

/** How the policy is written for people: "A/B", "Blue-green". */
export function policyLabel(policy: Policy): string {
  return POLICY_LABELS[policy];
}

/** The policy's state in a few words: "progressing, step 1 of 3", "blue live", "thompson". */
export function policyState(deployment: DeploymentView): string | undefined {
  if (deployment.canary !== undefined) {
    const { phase, stepIndex, steps } = deployment.canary;
    return phase === 'progressing' || phase === 'paused'
      ? `${phase}, step ${stepIndex + 1} of ${steps.length}`
      : phase;
  }
  if (deployment.blueGreen !== undefined) {
    const { active, preview } = deployment.blueGreen;
    return preview === undefined ? `${active} live` : `${active} live, ${preview} in preview`;
  }
  if (deployment.shadow !== undefined) return `mirrors ${deployment.shadow.percent} %`;
  if (deployment.bandit !== undefined) return deployment.bandit.algorithm;
  return undefined;
}

const STATUS_LABELS: Record<DeploymentView['status'], string> = {
  ready: 'Ready',
  loading: 'Loading',
  failed: 'Failed',
  unloaded: 'Unloaded',
};

export function statusLabel(status: DeploymentView['status']): string {
  return STATUS_LABELS[status];
}
