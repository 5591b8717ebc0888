import { useMutation, useQueryClient } from '@tanstack/react-query';
import { adminKeys } from '../../../api/admin-keys.js';
import { useSignedIn } from '../../../session/use-session.js';
import type { OutcomeReporter } from '../shared/use-outcome.js';

/** What the users table can do to a user; each reports its outcome and refreshes the list. */
export interface UserActions {
  setPassword(username: string, password: string): void;
  setAdmin(username: string, isAdmin: boolean): void;
  remove(username: string): void;
  pending: boolean;
}

export function useUserActions(report: OutcomeReporter): UserActions {
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: adminKeys.users.all });

  const password = useMutation({
    mutationFn: (v: { username: string; password: string }) =>
      client.users.update(v.username, { password: v.password }),
    onSuccess: (_, v) => report.done(`Set a new password for ${v.username}.`),
    onError: (err, v) => report.failed(`Could not set the password of ${v.username}`, err),
  });
  const admin = useMutation({
    mutationFn: (v: { username: string; isAdmin: boolean }) =>
      client.users.update(v.username, { isAdmin: v.isAdmin }),
    onSuccess: (_, v) =>
      report.done(
        v.isAdmin ? `${v.username} is now an admin.` : `${v.username} is no longer an admin.`,
      ),
    onError: (err, v) =>
      report.failed(
        v.isAdmin
          ? `Could not make ${v.username} an admin`
          : `Could not remove ${v.username}'s admin rights`,
        err,
      ),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (username: string) => client.users.delete(username),
    onSuccess: (_, username) => report.done(`Deleted the user ${username}.`),
    onError: (err, username) => report.failed(`Could not delete ${username}`, err),
    onSettled: refresh,
  });

  return {
    setPassword: (username, newPassword) => password.mutate({ username, password: newPassword }),
    setAdmin: (username, isAdmin) => admin.mutate({ username, isAdmin }),
    remove: (username) => remove.mutate(username),
    pending: password.isPending || admin.isPending || remove.isPending,
  };
}
