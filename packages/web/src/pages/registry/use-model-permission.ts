import { useQuery } from '@tanstack/react-query';
import { levelFor, permits } from '@slipway/core';
import type { AccessAction, Permission } from '@slipway/core';
import { registryKeys } from '../../api/registry-keys.js';
import { useSignedIn } from '../../session/use-session.js';

export interface ModelPermission {
  /** The caller's level on the model; undefined while unknown (then the server decides). */
  level: Permission | undefined;
  /** False only when the UI knows the server would refuse `action`. */
  allows(action: AccessAction): boolean;
  /** Why a control is disabled: "Needs EDIT on this model; you have READ." */
  refusal(action: AccessAction): string | undefined;
}

/**
 * What the caller may do to a registered model, as far as the UI can tell: admins everything;
 * others their explicit permission on the model, else the server's default (both from
 * `users.permissions`, which anyone may ask about themselves). Convenience only: the server
 * checks every call, and a refusal it answers is shown as its error.
 */
export function useModelPermission(name: string): ModelPermission {
  const { client, caller } = useSignedIn();
  const query = useQuery({
    queryKey: registryKeys.ownPermissions(caller.username),
    queryFn: () => client.users.permissions(caller.username),
    enabled: !caller.isAdmin,
  });
  let level: Permission | undefined;
  if (caller.isAdmin) level = 'MANAGE';
  else if (query.data !== undefined) {
    const grant = query.data.permissions.find(
      (p) => p.resourceType === 'registered_model' && p.resourceId === name,
    );
    level = grant?.permission ?? query.data.defaultPermission;
  }
  const allows = (action: AccessAction) => level === undefined || permits(level, action);
  return {
    level,
    allows,
    refusal: (action) =>
      allows(action)
        ? undefined
        : `Needs ${levelFor(action)} on this model; you have ${level ?? 'no permission'}.`,
  };
}
