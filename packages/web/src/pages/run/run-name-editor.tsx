import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { ErrorDisplay } from '../../components/error-display.js';
import { useRunEdit } from './use-run-edit.js';

/**
 * The run's name as the page's heading, with a Rename button (when the caller may edit) that
 * turns it into a form; Escape or Cancel leaves it unchanged.
 */
export function RunNameEditor({
  runId,
  name,
  canEdit,
  badge,
}: {
  runId: string;
  name: string;
  canEdit: boolean;
  badge?: ReactNode;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(name);
  const inputId = useId();
  const renameButton = useRef<HTMLButtonElement>(null);
  // Back on the Rename button when the form closes, so keyboard users stay where they were.
  const wasEditing = useRef(false);
  useEffect(() => {
    if (wasEditing.current && !editing) renameButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);
  const rename = useRunEdit(runId, (client, runName: string) =>
    client.runs.update(runId, { runName }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const runName = draft.trim();
    if (runName === name) {
      setEditing(false);
      return;
    }
    rename.mutate(runName, { onSuccess: () => setEditing(false) });
  };
  if (!editing) {
    return (
      <div className="run-title">
        <h1 id="run-heading">
          {name}
          {badge}
        </h1>
        {canEdit && (
          <button
            ref={renameButton}
            type="button"
            onClick={() => {
              setDraft(name);
              rename.reset();
              setEditing(true);
            }}
          >
            Rename<span className="visually-hidden"> run</span>
          </button>
        )}
      </div>
    );
  }
  return (
    <>
      <h1 id="run-heading" className="visually-hidden">
        {name}
      </h1>
      <form className="run-rename-form" onSubmit={submit}>
        <div className="field inline">
          <label htmlFor={inputId}>Run name</label>
          <input
            id={inputId}
            value={draft}
            required
            autoFocus
            maxLength={500}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setEditing(false);
            }}
          />
        </div>
        <button type="submit" className="primary" disabled={rename.isPending}>
          {rename.isPending ? 'Saving…' : 'Save'}
        </button>
        <button type="button" onClick={() => setEditing(false)}>
          Cancel
        </button>
      </form>
      {rename.isError && <ErrorDisplay error={rename.error} title="Could not rename the run" />}
    </>
  );
}
