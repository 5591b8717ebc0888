import type { DeploymentPolicy } from './deployment-spec.js';

/**
 * Names one model slot of a deployment. Fixed roles for the fixed policies (`model`; `stable`,
 * `candidate`; `blue`, `green`; `primary`, `challenger`) and the variant's `name` for `ab` and
 * `bandit` (by default its model URI). An id always denotes the same spec entry; which of them
 * takes traffic is runtime state (canary weight, live blue-green slot, bandit statistics).
 */
export type VariantId = string;

export interface DeploymentVariant {
  id: VariantId;
  /** The model URI of the spec, e.g. `models:/fraud@champion`; the service resolves it. */
  model: string;
}

/** Blue-green slots: the spec's `active` starts in blue, its `preview` in green. */
export const BLUE = 'blue';
export const GREEN = 'green';

/** Every model slot of a policy: what the service must resolve, load and keep warm. */
export function deploymentVariants(policy: DeploymentPolicy): DeploymentVariant[] {
  switch (policy.type) {
    case 'single':
      return [{ id: 'model', model: policy.model }];
    case 'canary':
      return [
        { id: 'stable', model: policy.stable },
        { id: 'candidate', model: policy.candidate },
      ];
    case 'blue-green':
      return policy.preview === undefined
        ? [{ id: BLUE, model: policy.active }]
        : [
            { id: BLUE, model: policy.active },
            { id: GREEN, model: policy.preview },
          ];
    case 'shadow':
      return [
        { id: 'primary', model: policy.primary },
        { id: 'challenger', model: policy.challenger },
      ];
    case 'ab':
    case 'bandit':
      return policy.variants.map((variant) => ({ id: variant.name, model: variant.model }));
  }
}
