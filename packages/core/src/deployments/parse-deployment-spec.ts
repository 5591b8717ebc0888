import { DEPLOYMENT_POLICY_TYPES, deploymentSpecSchema } from './deployment-spec.js';
import type { DeploymentSpec } from './deployment-spec.js';
import { parseSpec } from '../validation/spec-issues.js';

export type { SpecIssue } from '../validation/spec-issues.js';

/**
 * Validates a deployment spec (already parsed from YAML or JSON) and fills its defaults. Throws
 * INVALID_ARGUMENT naming every problem by field path, e.g. `policy.steps: must end at 100`; the
 * issues are also in `details.issues` as `{ path, message }`.
 */
export function parseDeploymentSpec(input: unknown): DeploymentSpec {
  return parseSpec(deploymentSpecSchema, input, 'deployment spec', DEPLOYMENT_POLICY_TYPES);
}
