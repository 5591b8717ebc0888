import { useId, useState } from 'react';
import type { Permission } from '@slipway/core';
import type { PermissionGrant } from '@slipway/sdk';
import { ConfirmButton } from '../shared/confirm-button.js';
import { LEVEL_OPTIONS } from './resource-types.js';

interface GrantRowProps {
  grant: PermissionGrant;
  resourceLabel: string;
  defaultLevel: Permission | undefined;
  pending: boolean;
  onChange: (permission: Permission) => void;
  onRevoke: () => void;
}

/**
 * One user's permission: a new level is chosen, then saved with its own button (a select that
 * saved on change would save every level a keyboard user arrows through).
 */
export function GrantRow({
  grant,
  resourceLabel,
  defaultLevel,
  pending,
  onChange,
  onRevoke,
}: GrantRowProps) {
  const id = useId();
  const [draft, setDraft] = useState<Permission>(grant.permission);
  return (
    <tr>
      <th scope="row">{grant.username}</th>
      <td>
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            onChange(draft);
          }}
        >
          <label className="visually-hidden" htmlFor={`${id}-level`}>
            Permission of {grant.username}
          </label>
          <select
            id={`${id}-level`}
            value={draft}
            onChange={(event) => setDraft(event.target.value as Permission)}
          >
            {LEVEL_OPTIONS.map((option) => (
              <option key={option.level} value={option.level}>
                {option.label}
              </option>
            ))}
          </select>
          <button type="submit" disabled={pending || draft === grant.permission}>
            Save<span className="visually-hidden"> permission of {grant.username}</span>
          </button>
        </form>
      </td>
      <td>
        <ConfirmButton
          title={`Revoke ${grant.username}'s ${grant.permission} on ${resourceLabel}?`}
          message={
            <p>
              {defaultLevel === undefined
                ? 'The server’s default permission applies to them again.'
                : `The server’s default permission (${defaultLevel}) applies to them again.`}
            </p>
          }
          confirmLabel="Revoke permission"
          disabled={pending}
          onConfirm={onRevoke}
        >
          Revoke<span className="visually-hidden"> permission of {grant.username}</span>
        </ConfirmButton>
      </td>
    </tr>
  );
}
