import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { ErrorDisplay } from '../../../components/error-display.js';
import { SYSTEM_TAGS } from '../run-tags.js';
import { useRunEdit } from '../use-run-edit.js';

/**
 * The run's description: MLflow keeps it in the `mlflow.note.content` tag. Editable (with
 * permission) as plain text; saving an empty text clears it.
 */
export function DescriptionSection({
  runId,
  description,
  canEdit,
}: {
  runId: string;
  description: string | undefined;
  canEdit: boolean;
}) {
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const editButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  useEffect(() => {
    if (wasEditing.current && !editing) editButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);
  const save = useRunEdit(runId, (client, text: string) =>
    client.runs.setTag(runId, SYSTEM_TAGS.description, text),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(draft, { onSuccess: () => setEditing(false) });
  };
  return (
    <section aria-labelledby={`${id}-heading`}>
      <div className="section-header">
        <h2 id={`${id}-heading`}>Description</h2>
        {canEdit && !editing && (
          <button
            ref={editButton}
            type="button"
            onClick={() => {
              setDraft(description ?? '');
              save.reset();
              setEditing(true);
            }}
          >
            Edit<span className="visually-hidden"> description</span>
          </button>
        )}
      </div>
      {editing ? (
        <form onSubmit={submit} className="run-description-form">
          <div className="field">
            <label htmlFor={`${id}-text`}>Run description</label>
            <textarea
              id={`${id}-text`}
              rows={5}
              value={draft}
              autoFocus
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') setEditing(false);
              }}
            />
          </div>
          <div className="run-button-row">
            <button type="submit" className="primary" disabled={save.isPending}>
              {save.isPending ? 'Saving…' : 'Save description'}
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
          {save.isError && (
            <ErrorDisplay error={save.error} title="Could not save the description" />
          )}
        </form>
      ) : description !== undefined ? (
        <p className="description">{description}</p>
      ) : (
        <p className="empty">No description.</p>
      )}
    </section>
  );
}
