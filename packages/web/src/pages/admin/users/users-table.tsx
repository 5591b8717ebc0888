import { Link } from 'react-router';
import type { User } from '@slipway/sdk';
import { formatTime, isoTime } from '../../../format/format-time.js';
import { ConfirmButton } from '../shared/confirm-button.js';
import { PasswordButton } from './password-button.js';
import type { UserActions } from './use-user-actions.js';

const SELF_NOTE_ID = 'users-self-note';

interface UsersTableProps {
  users: User[];
  /** The signed-in admin: their own admin flag and account are not offered for removal. */
  me: string;
  actions: UserActions;
}

/** One page of users with what an admin can do to each. */
export function UsersTable({ users, me, actions }: UsersTableProps) {
  if (users.length === 0) return <p className="empty">No users yet.</p>;
  const includesMe = users.some((u) => u.username === me);
  return (
    <>
      <table className="data-table">
        <caption className="visually-hidden">Users</caption>
        <thead>
          <tr>
            <th scope="col">Username</th>
            <th scope="col">Role</th>
            <th scope="col">Created</th>
            <th scope="col">See</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => {
            const self = user.username === me;
            return (
              <tr key={user.id}>
                <th scope="row">
                  {user.username}
                  {self && <span className="badge">you</span>}
                </th>
                <td>{user.isAdmin ? 'Admin' : 'User'}</td>
                <td>
                  <time dateTime={isoTime(user.createdAt)}>{formatTime(user.createdAt)}</time>
                </td>
                <td>
                  <div className="row-links">
                    <Link to={`/admin/tokens?user=${encodeURIComponent(user.username)}`}>
                      Tokens<span className="visually-hidden"> of {user.username}</span>
                    </Link>
                    <Link to={`/admin/audit?actor=${encodeURIComponent(user.username)}`}>
                      Actions<span className="visually-hidden"> of {user.username}</span>
                    </Link>
                  </div>
                </td>
                <td>
                  <div className="row-actions">
                    <PasswordButton
                      username={user.username}
                      disabled={actions.pending}
                      onSubmit={(password) => actions.setPassword(user.username, password)}
                    />
                    {user.isAdmin ? (
                      <ConfirmButton
                        title={`Remove ${user.username}'s admin rights?`}
                        message={
                          <p>
                            {user.username} keeps their account and tokens, with the permissions
                            granted to them.
                          </p>
                        }
                        confirmLabel="Remove admin"
                        disabled={self || actions.pending}
                        describedBy={self ? SELF_NOTE_ID : undefined}
                        onConfirm={() => actions.setAdmin(user.username, false)}
                      >
                        Remove admin
                        <span className="visually-hidden"> rights of {user.username}</span>
                      </ConfirmButton>
                    ) : (
                      <ConfirmButton
                        title={`Make ${user.username} an admin?`}
                        message={
                          <p>
                            Admins can do everything on this server, including managing users and
                            permissions.
                          </p>
                        }
                        confirmLabel="Make admin"
                        danger={false}
                        disabled={actions.pending}
                        onConfirm={() => actions.setAdmin(user.username, true)}
                      >
                        Make admin<span className="visually-hidden"> ({user.username})</span>
                      </ConfirmButton>
                    )}
                    <ConfirmButton
                      title={`Delete the user ${user.username}?`}
                      message={
                        <p>
                          Their API tokens and permissions are deleted with them. Their runs and the
                          audit log keep their name.
                        </p>
                      }
                      confirmLabel="Delete user"
                      disabled={self || actions.pending}
                      describedBy={self ? SELF_NOTE_ID : undefined}
                      onConfirm={() => actions.remove(user.username)}
                    >
                      Delete<span className="visually-hidden"> user {user.username}</span>
                    </ConfirmButton>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {includesMe && (
        <p id={SELF_NOTE_ID} className="hint">
          You cannot remove your own admin rights or delete yourself here, so the server is never
          left without you by accident: another admin can.
        </p>
      )}
    </>
  );
}
