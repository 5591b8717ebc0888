import { AUDIT_RESOURCE_TYPES } from '@slipway/core';

/**
 * Suggestions for the action filter: every resource's prefix (`experiment.` matches all of its
 * actions) and the actions administrators look for most. Any other action can still be typed.
 */
export const KNOWN_ACTIONS: readonly string[] = [
  ...AUDIT_RESOURCE_TYPES.filter((t) => t !== 'session').map((t) => `${t}.`),
  'login.failed',
  'user.create',
  'user.update',
  'user.delete',
  'token.create',
  'token.revoke',
  'permission.set',
  'permission.delete',
  'experiment.create',
  'experiment.delete',
  'run.delete',
  'registered_model.delete',
  'registered_model.alias.set',
  'model_version.create',
  'model_version.stage',
  'deployment.apply',
  'deployment.promote',
  'deployment.rollback',
  'deployment.delete',
  'artifact.delete',
];
