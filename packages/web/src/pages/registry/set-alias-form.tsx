import { useId, useState } from 'react';
import { ErrorDisplay } from '../../components/error-display.js';
import { useSignedIn } from '../../session/use-session.js';
import { useRegistryMutation } from './use-registry-mutation.js';

interface SetAliasFormProps {
  model: string;
  /** The versions to choose from, newest first; one fixed version on a version's page. */
  versions: string[];
  onDone: (message: string) => void;
}

/** Names a new alias (or moves an existing one) for a chosen version. */
export function SetAliasForm({ model, versions, onDone }: SetAliasFormProps) {
  const { client } = useSignedIn();
  const [alias, setAlias] = useState('');
  const [version, setVersion] = useState(versions[0] ?? '');
  const aliasId = useId();
  const versionId = useId();
  const set = useRegistryMutation(model, (v: { alias: string; version: string }) =>
    client.models.setAlias(model, v.alias, v.version),
  );
  const chosen = versions.includes(version) ? version : (versions[0] ?? '');
  return (
    <>
      <form
        className="inline-form"
        aria-label="Set an alias"
        onSubmit={(event) => {
          event.preventDefault();
          const name = alias.trim();
          set.mutate(
            { alias: name, version: chosen },
            {
              onSuccess: () => {
                setAlias('');
                onDone(`Alias ${name} now points at version ${chosen}.`);
              },
            },
          );
        }}
      >
        <div className="field">
          <label htmlFor={aliasId}>Alias</label>
          <input
            id={aliasId}
            value={alias}
            required
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => setAlias(event.target.value)}
          />
        </div>
        {versions.length > 1 && (
          <div className="field">
            <label htmlFor={versionId}>Version</label>
            <select
              id={versionId}
              value={chosen}
              onChange={(event) => setVersion(event.target.value)}
            >
              {versions.map((v) => (
                <option key={v} value={v}>
                  Version {v}
                </option>
              ))}
            </select>
          </div>
        )}
        <button type="submit" disabled={set.isPending || alias.trim() === '' || chosen === ''}>
          {versions.length === 1 ? `Set alias on version ${chosen}` : 'Set alias'}
        </button>
      </form>
      {set.isError && <ErrorDisplay error={set.error} title="Could not set the alias" />}
    </>
  );
}
