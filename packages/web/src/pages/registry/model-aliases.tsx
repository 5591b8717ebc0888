import { useState } from 'react';
import type { RegisteredModel } from '@slipway/core';
import type { ResourcePermission } from '../../session/use-resource-permission.js';
import { AliasRow } from './alias-row.js';
import { SetAliasForm } from './set-alias-form.js';

interface ModelAliasesProps {
  model: RegisteredModel;
  /** Version numbers to move aliases to, newest first. */
  versions: string[];
  permission: ResourcePermission;
}

/** The model's aliases (`models:/<name>@<alias>`), with moves, deletion and a form for a new one. */
export function ModelAliases({ model, versions, permission }: ModelAliasesProps) {
  const [announcement, setAnnouncement] = useState('');
  const refusal = permission.refusal('update');
  return (
    <section aria-labelledby="aliases-heading">
      <h2 id="aliases-heading">Aliases</h2>
      <p className="status-message" role="status">
        {announcement}
      </p>
      {model.aliases.length === 0 ? (
        <p className="empty">No aliases.</p>
      ) : (
        <table className="data-table compact">
          <caption className="visually-hidden">Aliases</caption>
          <thead>
            <tr>
              <th scope="col">Alias</th>
              <th scope="col">Version</th>
              <th scope="col">Move to</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {model.aliases.map((a) => (
              <AliasRow
                key={a.alias}
                model={model.name}
                alias={a.alias}
                version={a.version}
                versions={versions}
                permission={permission}
                onDone={setAnnouncement}
              />
            ))}
          </tbody>
        </table>
      )}
      {refusal !== undefined ? (
        <p className="hint">Moving and setting aliases: {refusal}</p>
      ) : (
        versions.length > 0 && (
          <SetAliasForm model={model.name} versions={versions} onDone={setAnnouncement} />
        )
      )}
    </section>
  );
}
