import { useQuery } from '@tanstack/react-query';
import { levelFor, permits } from '@slipway/core';
import type { AccessAction, Permission } from '@slipway/core';
import { deploymentKeys } from '../../../api/deployment-keys.js';
import { useSignedIn } from '../../../session/use-session.js';

export interface DeploymentPermission {
  /** The caller's level on the deployment; undefined while unknown (then the server decides). */
  level: Permission | undefined;
  /** Why the UI knows the server would refuse `action`; undefined when it may be allowed. */
  refusal(action: AccessAction): string | undefined;
}

/**
 * What the caller may do to a deployment, as far as the UI can tell: admins everything; others
 * their explicit permission on it, else the server's default (both from `users.permissions`,
 * which anyone may ask about themselves). Convenience only: the server checks every call, and a
 * refusal it answers is shown as its error.
 */
export function useDeploymentPermission(name: string): DeploymentPermission {
  const { client, caller } = useSignedIn();
  const query = useQuery({
    queryKey: deploymentKeys.ownPermissions(caller.username),
    queryFn: () => client.users.permissions(caller.username),
    enabled: !caller.isAdmin,
  });
  let level: Permission | undefined;
  if (caller.isAdmin) level = 'MANAGE';
  else if (query.data !== undefined) {
    const grant = query.data.permissions.find(
      (p) => p.resourceType === 'deployment' && p.resourceId === name,
    );
    level = grant?.permission ?? query.data.defaultPermission;
  }
  return {
    level,
    refusal: (action) =>
      level === undefined || permits(level, action)
        ? undefined
        : `Needs ${levelFor(action)} on this deployment; you have ${level}.`,
  };
}
