import { SlipwayError, levelFor, resourceLabel } from '@slipway/core';
import type { AccessAction, Caller, Permission, ResourceType } from '@slipway/core';

export function permissionDenied(
  caller: Caller,
  type: ResourceType,
  resourceId: string,
  action: AccessAction,
  held: Permission,
): SlipwayError {
  return new SlipwayError({
    code: 'PERMISSION_DENIED',
    message: `Permission denied: user '${caller.username}' needs ${levelFor(action)} on ${resourceLabel(type)} '${resourceId}' for this (has ${held}); ask someone with MANAGE on it, or an admin.`,
    details: { resourceType: type, resourceId, needed: levelFor(action), held },
  });
}

export function adminOnly(caller: Caller, what: string): SlipwayError {
  return new SlipwayError({
    code: 'PERMISSION_DENIED',
    message: `Permission denied: only admins can ${what} (user '${caller.username}' is not one).`,
  });
}
