import { useQuery } from '@tanstack/react-query';
import type { AccessAction, Permission, ResourceType } from '@slipway/core';
import { permissionKeys } from '../api/permission-keys.js';
import { levelOn, refusalOf } from './resource-permission.js';
import { useSignedIn } from './use-session.js';

export interface ResourcePermission {
  /** The caller's level on the resource; undefined while unknown (then the server decides). */
  level: Permission | undefined;
  /** Why a control is disabled: "Needs EDIT on this model; you have READ."; else undefined. */
  refusal(action: AccessAction): string | undefined;
}

/**
 * What the caller may do to a registered model or a deployment, as far as the UI can tell: admins
 * everything; others their explicit permission on it, else the server's default (both from
 * `users.permissions`, which anyone may ask about themselves). Convenience only: the server
 * checks every call, and a refusal it answers is shown as its error.
 */
export function useResourcePermission(type: ResourceType, resourceId: string): ResourcePermission {
  const { client, caller } = useSignedIn();
  const query = useQuery({
    queryKey: permissionKeys.own(caller.username),
    queryFn: () => client.users.permissions(caller.username),
    enabled: !caller.isAdmin,
  });
  const level: Permission | undefined = caller.isAdmin
    ? 'MANAGE'
    : query.data === undefined
      ? undefined
      : levelOn(query.data, type, resourceId);
  return {
    level,
    refusal: (action) => refusalOf(level, type, action),
  };
}
