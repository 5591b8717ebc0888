import { useId, useState } from 'react';
import { ErrorDisplay } from '../../components/error-display.js';
import { useRegistryMutation } from './use-registry-mutation.js';

interface DescriptionEditorProps {
  /** The registered model the description belongs to (its pages are refreshed after a save). */
  model: string;
  /** "the model", "version 3": for the field's label. */
  of: string;
  description: string;
  /** Saves the new text; the server may refuse it, and its message is shown. */
  save: (description: string) => Promise<unknown>;
  /** Why editing is disabled, when the UI knows the server would refuse it. */
  refusal: string | undefined;
}

/**
 * A description, shown as plain text (MLflow descriptions are Markdown, but none of it is rendered
 * as HTML: what a user wrote can never inject markup), with an editor behind a button.
 */
export function DescriptionEditor({
  model,
  of,
  description,
  save,
  refusal,
}: DescriptionEditorProps) {
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const mutation = useRegistryMutation(model, save);
  const headingId = useId();
  const fieldId = useId();
  const hintId = useId();
  const close = () => {
    mutation.reset();
    setDraft(undefined);
  };
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>Description</h2>
      {draft === undefined ? (
        <>
          {description === '' ? (
            <p className="empty">No description.</p>
          ) : (
            <p className="description" data-testid="description">
              {description}
            </p>
          )}
          <button
            type="button"
            onClick={() => setDraft(description)}
            disabled={refusal !== undefined}
            aria-describedby={refusal !== undefined ? hintId : undefined}
          >
            Edit description
          </button>
          {refusal !== undefined && (
            <p id={hintId} className="hint">
              {refusal}
            </p>
          )}
        </>
      ) : (
        <form
          className="stacked-form"
          onSubmit={(event) => {
            event.preventDefault();
            mutation.mutate(draft, { onSuccess: close });
          }}
        >
          <label htmlFor={fieldId}>Description of {of}</label>
          <textarea
            id={fieldId}
            value={draft}
            rows={6}
            onChange={(event) => setDraft(event.target.value)}
            aria-describedby={hintId}
          />
          <p id={hintId} className="hint">
            Plain text; Markdown is kept as written.
          </p>
          {mutation.isError && (
            <ErrorDisplay error={mutation.error} title="Could not save the description" />
          )}
          <div className="form-actions">
            <button type="submit" className="primary" disabled={mutation.isPending}>
              Save description
            </button>
            <button type="button" onClick={close} disabled={mutation.isPending}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
