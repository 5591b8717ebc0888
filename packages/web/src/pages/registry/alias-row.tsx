import { useId, useState } from 'react';
import { Link } from 'react-router';
import { ErrorDisplay } from '../../components/error-display.js';
import type { ResourcePermission } from '../../session/use-resource-permission.js';
import { useSignedIn } from '../../session/use-session.js';
import { versionPath } from './model-links.js';
import { useRegistryMutation } from './use-registry-mutation.js';

interface AliasRowProps {
  model: string;
  alias: string;
  version: string;
  /** The versions it can move to, newest first. */
  versions: string[];
  permission: ResourcePermission;
  /** Announces a change that succeeded ("Moved champion to version 2."). */
  onDone: (message: string) => void;
}

/** One alias: the version it points at, a picker to move it elsewhere, and Delete. */
export function AliasRow({ model, alias, version, versions, permission, onDone }: AliasRowProps) {
  const { client } = useSignedIn();
  const [target, setTarget] = useState(version);
  const pickerId = useId();
  const move = useRegistryMutation(model, (to: string) => client.models.setAlias(model, alias, to));
  const remove = useRegistryMutation(model, () => client.models.deleteAlias(model, alias));
  const moveRefusal = permission.refusal('update');
  const deleteRefusal = permission.refusal('delete');
  // The alias's own version is always a choice, even when it is on a later page of versions.
  const choices = versions.includes(version) ? versions : [version, ...versions];
  return (
    <tr>
      <th scope="row" className="mono">
        @{alias}
      </th>
      <td>
        <Link to={versionPath(model, version)}>Version {version}</Link>
      </td>
      <td>
        <form
          className="inline-form tight"
          aria-label={`Move alias ${alias}`}
          onSubmit={(event) => {
            event.preventDefault();
            remove.reset();
            move.mutate(target, {
              onSuccess: () => onDone(`Moved ${alias} to version ${target}.`),
            });
          }}
        >
          <label htmlFor={pickerId} className="visually-hidden">
            New version for alias {alias}
          </label>
          <select
            id={pickerId}
            value={target}
            onChange={(event) => setTarget(event.target.value)}
            disabled={moveRefusal !== undefined}
          >
            {choices.map((v) => (
              <option key={v} value={v}>
                Version {v}
              </option>
            ))}
          </select>
          <button
            type="submit"
            disabled={moveRefusal !== undefined || move.isPending || target === version}
            title={moveRefusal}
          >
            Move<span className="visually-hidden"> alias {alias}</span>
          </button>
        </form>
        {move.isError && (
          <ErrorDisplay error={move.error} title={`Could not move alias ${alias}`} />
        )}
        {remove.isError && (
          <ErrorDisplay error={remove.error} title={`Could not delete alias ${alias}`} />
        )}
      </td>
      <td className="row-actions">
        <button
          type="button"
          onClick={() => {
            move.reset();
            remove.mutate(undefined, { onSuccess: () => onDone(`Deleted alias ${alias}.`) });
          }}
          disabled={deleteRefusal !== undefined || remove.isPending}
          title={deleteRefusal}
        >
          Delete<span className="visually-hidden"> alias {alias}</span>
        </button>
      </td>
    </tr>
  );
}
