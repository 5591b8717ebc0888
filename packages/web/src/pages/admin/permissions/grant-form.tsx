import { useState } from 'react';
import type { Permission } from '@slipway/core';
import { UserSelect } from '../shared/user-select.js';
import { LEVEL_OPTIONS } from './resource-types.js';

interface GrantFormProps {
  resourceLabel: string;
  pending: boolean;
  onGrant: (username: string, permission: Permission) => void;
}

/** Give a user a permission on the resource (replacing the one they hold, if any). */
export function GrantForm({ resourceLabel, pending, onGrant }: GrantFormProps) {
  const [username, setUsername] = useState('');
  const [level, setLevel] = useState<Permission>('READ');
  return (
    <form
      className="admin-form"
      aria-labelledby="grant-heading"
      onSubmit={(event) => {
        event.preventDefault();
        if (username !== '') onGrant(username, level);
      }}
    >
      <h3 id="grant-heading">Grant a permission on {resourceLabel}</h3>
      <div className="form-row">
        <UserSelect id="grant-user" label="User" value={username} onChange={setUsername} required />
        <div className="field">
          <label htmlFor="grant-level">Permission</label>
          <select
            id="grant-level"
            value={level}
            onChange={(event) => setLevel(event.target.value as Permission)}
          >
            {LEVEL_OPTIONS.map((option) => (
              <option key={option.level} value={option.level}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="primary" disabled={pending}>
          Grant
        </button>
      </div>
    </form>
  );
}
