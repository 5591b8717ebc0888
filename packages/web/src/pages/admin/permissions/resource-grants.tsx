import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Permission, ResourceType } from '@slipway/core';
import { adminKeys } from '../../../api/admin-keys.js';
import { ErrorDisplay } from '../../../components/error-display.js';
import { Loading } from '../../../components/loading.js';
import { useSignedIn } from '../../../session/use-session.js';
import { OutcomeMessage } from '../shared/outcome-message.js';
import { useOutcome } from '../shared/use-outcome.js';
import { GrantForm } from './grant-form.js';
import { GrantRow } from './grant-row.js';
import { resourceTypeLabel } from './resource-types.js';
import { useResourceName } from './use-resource-name.js';

interface ResourceGrantsProps {
  type: ResourceType;
  resourceId: string;
}

/** Who holds which permission on one resource: grant, change and revoke. */
export function ResourceGrants({ type, resourceId }: ResourceGrantsProps) {
  const { client, caller } = useSignedIn();
  const queryClient = useQueryClient();
  const [outcome, report] = useOutcome();
  const name = useResourceName(type, resourceId);
  const label = `${resourceTypeLabel(type).toLowerCase()} “${name}”`;
  const grants = useQuery({
    queryKey: adminKeys.permissions.of(type, resourceId),
    queryFn: () => client.permissions.list(type, resourceId),
  });
  // The default is reported with a user's permissions; with authentication off there are no
  // users to ask about (everyone is the anonymous admin), so it is not shown.
  const defaultLevel = useQuery({
    queryKey: adminKeys.permissions.defaultLevel,
    queryFn: async () => (await client.users.permissions(caller.username)).defaultPermission,
    enabled: caller.authEnabled,
    staleTime: Infinity,
  });
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: adminKeys.permissions.of(type, resourceId) });
  const grant = useMutation({
    mutationFn: (v: { username: string; permission: Permission; had: Permission | undefined }) =>
      client.permissions.set(type, resourceId, v.username, v.permission),
    onSuccess: (_, v) =>
      report.done(
        v.had === undefined
          ? `Gave ${v.username} ${v.permission} on ${label}.`
          : `Changed ${v.username}'s permission on ${label} from ${v.had} to ${v.permission}.`,
      ),
    onError: (err, v) => report.failed(`Could not give ${v.username} ${v.permission}`, err),
    onSettled: refresh,
  });
  const revoke = useMutation({
    mutationFn: (v: { username: string; permission: Permission }) =>
      client.permissions.remove(type, resourceId, v.username),
    onSuccess: (_, v) => report.done(`Revoked ${v.username}'s ${v.permission} on ${label}.`),
    onError: (err, v) => report.failed(`Could not revoke ${v.username}'s permission`, err),
    onSettled: refresh,
  });
  const pending = grant.isPending || revoke.isPending;
  const held = (username: string) => grants.data?.find((g) => g.username === username)?.permission;
  return (
    <section className="resource-grants" aria-labelledby="grants-heading">
      <h2 id="grants-heading">Permissions on {label}</h2>
      {defaultLevel.data !== undefined && (
        <p className="hint">
          Users without a permission here get the server&apos;s default, {defaultLevel.data}; admins
          may do everything.
        </p>
      )}
      <OutcomeMessage outcome={outcome} />
      {grants.isError && (
        <ErrorDisplay
          error={grants.error}
          title={`Could not list the permissions on ${label}`}
          onRetry={() => void grants.refetch()}
        />
      )}
      {grants.isPending && <Loading label="Loading permissions" />}
      {grants.data !== undefined &&
        (grants.data.length === 0 ? (
          <p className="empty">No user holds a permission of their own on it.</p>
        ) : (
          <table className="data-table compact">
            <caption className="visually-hidden">Permissions on {label}</caption>
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Permission</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {grants.data.map((g) => (
                <GrantRow
                  // A new row (and draft) when the level changes on the server.
                  key={`${g.username}\u0000${g.permission}`}
                  grant={g}
                  resourceLabel={label}
                  defaultLevel={defaultLevel.data}
                  pending={pending}
                  onChange={(permission) =>
                    grant.mutate({ username: g.username, permission, had: g.permission })
                  }
                  onRevoke={() => revoke.mutate({ username: g.username, permission: g.permission })}
                />
              ))}
            </tbody>
          </table>
        ))}
      <GrantForm
        resourceLabel={label}
        pending={pending}
        onGrant={(username, permission) =>
          grant.mutate({ username, permission, had: held(username) })
        }
      />
    </section>
  );
}
