import { useQuery } from '@tanstack/react-query';
import { permits } from '@slipway/core';
import type { Permission, Run } from '@slipway/core';
import { runKeys } from '../../api/run-keys.js';
import { useSignedIn } from '../../session/use-session.js';

export interface RunPermission {
  /** Whether the UI offers edits (rename, tags, description); the server decides anyway. */
  canEdit: boolean;
  /** Why edits are not offered, shown in their place; undefined when they are. */
  refusal: string | undefined;
}

/**
 * What the caller may do to a run, as far as the UI can tell: runs follow their experiment's
 * permission. Admins (and everyone on a server with authentication off) may edit; others hold
 * their explicit permission on the experiment, else the server's default (both from
 * `users.permissions`, which anyone may ask about themselves). A deleted run cannot be changed.
 * Convenience only: every edit is checked by the server, and its refusal is shown.
 */
export function useRunPermission(run: Run | undefined): RunPermission {
  const { client, caller } = useSignedIn();
  const query = useQuery({
    queryKey: runKeys.ownPermissions(caller.username),
    queryFn: () => client.users.permissions(caller.username),
    enabled: !caller.isAdmin,
  });
  if (run?.info.lifecycleStage === 'deleted') {
    return { canEdit: false, refusal: 'The run is deleted: restore it to change it.' };
  }
  if (caller.isAdmin || query.data === undefined || run === undefined) {
    // Unknown yet (or unanswerable): offer the edit and let the server decide.
    return { canEdit: true, refusal: undefined };
  }
  const grant = query.data.permissions.find(
    (p) => p.resourceType === 'experiment' && p.resourceId === run.info.experimentId,
  );
  const level: Permission = grant?.permission ?? query.data.defaultPermission;
  return permits(level, 'update')
    ? { canEdit: true, refusal: undefined }
    : {
        canEdit: false,
        refusal: `Changing this run needs EDIT on its experiment; you have ${level}.`,
      };
}
