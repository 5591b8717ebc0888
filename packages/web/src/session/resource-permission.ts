import { levelFor, permits } from '@slipway/core';
import type { AccessAction, Permission, ResourceType } from '@slipway/core';
import type { UserPermissions } from '@slipway/sdk';

/** How a refusal names the resource: "Needs EDIT on this model". */
const NOUNS: Record<ResourceType, string> = {
  experiment: 'experiment',
  registered_model: 'model',
  deployment: 'deployment',
  dataset: 'dataset',
  pipeline: 'pipeline',
};

/** The caller's level on one resource: their explicit grant on it, else the server's default. */
export function levelOn(
  answer: UserPermissions,
  type: ResourceType,
  resourceId: string,
): Permission {
  const grant = answer.permissions.find(
    (p) => p.resourceType === type && p.resourceId === resourceId,
  );
  return grant?.permission ?? answer.defaultPermission;
}

/**
 * Why the server would refuse `action` to a caller with `level` on a resource of `type`;
 * undefined when it may allow it, or while the level is unknown (then the server decides).
 */
export function refusalOf(
  level: Permission | undefined,
  type: ResourceType,
  action: AccessAction,
): string | undefined {
  if (level === undefined || permits(level, action)) return undefined;
  return `Needs ${levelFor(action)} on this ${NOUNS[type]}; you have ${level}.`;
}
