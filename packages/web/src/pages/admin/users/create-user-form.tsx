import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { adminKeys } from '../../../api/admin-keys.js';
import { useSignedIn } from '../../../session/use-session.js';
import type { OutcomeReporter } from '../shared/use-outcome.js';
import { MIN_PASSWORD_LENGTH } from './password-button.js';

/** A new user: name, first password, and whether they administer the server. */
export function CreateUserForm({ report }: { report: OutcomeReporter }) {
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [isAdmin, setIsAdmin] = useState(false);
  const create = useMutation({
    mutationFn: () => client.users.create({ username: username.trim(), password, isAdmin }),
    onSuccess: (user) => {
      report.done(`Created the user ${user.username}${user.isAdmin ? ', an admin' : ''}.`);
      setUsername('');
      setPassword('');
      setIsAdmin(false);
    },
    onError: (err) => report.failed('Could not create the user', err),
    onSettled: () => queryClient.invalidateQueries({ queryKey: adminKeys.users.all }),
  });
  return (
    <form
      className="admin-form"
      aria-labelledby="create-user-heading"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate();
      }}
    >
      <h2 id="create-user-heading">Create a user</h2>
      <div className="form-row">
        <div className="field">
          <label htmlFor="new-username">Username</label>
          <input
            id="new-username"
            required
            autoComplete="off"
            spellCheck={false}
            value={username}
            onChange={(event) => setUsername(event.target.value)}
            aria-describedby="new-username-hint"
          />
          <p id="new-username-hint" className="hint">
            Letters, digits and . _ @ + -
          </p>
        </div>
        <div className="field">
          <label htmlFor="new-password">Password</label>
          <input
            id="new-password"
            type="password"
            required
            minLength={MIN_PASSWORD_LENGTH}
            autoComplete="new-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            aria-describedby="new-password-hint"
          />
          <p id="new-password-hint" className="hint">
            At least {MIN_PASSWORD_LENGTH} characters
          </p>
        </div>
        <div className="field checkbox">
          <input
            id="new-is-admin"
            type="checkbox"
            checked={isAdmin}
            onChange={(event) => setIsAdmin(event.target.checked)}
          />
          <label htmlFor="new-is-admin">Administrator</label>
        </div>
        <button type="submit" className="primary" disabled={create.isPending}>
          Create user
        </button>
      </div>
    </form>
  );
}
