import { useId, useState } from 'react';
import type { Tag } from '@slipway/core';
import { ErrorDisplay } from '../../../components/error-display.js';
import { SYSTEM_TAGS, isSystemTag } from '../run-tags.js';
import { useRunEdit } from '../use-run-edit.js';
import { TagForm } from './tag-form.js';
import type { TagDraft } from './tag-form.js';

function byKey(a: Tag, b: Tag): number {
  return a.key.localeCompare(b.key);
}

/**
 * The user's tags (editable with permission) and, apart, MLflow's system tags (`mlflow.*`:
 * source, user, parent run, logged models...), which clients and the server write.
 */
export function TagsSection({
  runId,
  tags,
  canEdit,
  refusal,
}: {
  runId: string;
  tags: Tag[];
  canEdit: boolean;
  refusal: string | undefined;
}) {
  const id = useId();
  const [draft, setDraft] = useState<{ tag: TagDraft | undefined; nonce: number }>({
    tag: undefined,
    nonce: 0,
  });
  const deleteTag = useRunEdit(runId, (client, key: string) => client.runs.deleteTag(runId, key));
  const user = tags.filter((t) => !isSystemTag(t.key)).sort(byKey);
  const system = tags
    .filter((t) => isSystemTag(t.key) && t.key !== SYSTEM_TAGS.description)
    .sort(byKey);
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>
        Tags <span className="run-count">{user.length}</span>
      </h2>
      {user.length === 0 ? (
        <p className="empty">No tags.</p>
      ) : (
        <table className="data-table compact">
          <caption className="visually-hidden">Tags</caption>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Value</th>
              {canEdit && (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {user.map((tag) => (
              <tr key={tag.key}>
                <td className="mono">{tag.key}</td>
                <td className="run-value-cell">{tag.value}</td>
                {canEdit && (
                  <td className="run-row-actions">
                    <button
                      type="button"
                      onClick={() => setDraft((d) => ({ tag: { ...tag }, nonce: d.nonce + 1 }))}
                    >
                      Edit<span className="visually-hidden"> tag {tag.key}</span>
                    </button>
                    <button
                      type="button"
                      disabled={deleteTag.isPending}
                      onClick={() => deleteTag.mutate(tag.key)}
                    >
                      Delete<span className="visually-hidden"> tag {tag.key}</span>
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {deleteTag.isError && (
        <ErrorDisplay error={deleteTag.error} title="Could not delete the tag" />
      )}
      {canEdit ? (
        <TagForm runId={runId} draft={draft.tag} nonce={draft.nonce} />
      ) : (
        refusal !== undefined && <p className="hint">{refusal}</p>
      )}
      <h3>System tags</h3>
      {system.length === 0 ? (
        <p className="empty">No system tags.</p>
      ) : (
        <table className="data-table compact">
          <caption className="visually-hidden">System tags</caption>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {system.map((tag) => (
              <tr key={tag.key}>
                <td className="mono">{tag.key}</td>
                <td className="mono run-value-cell">{tag.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
