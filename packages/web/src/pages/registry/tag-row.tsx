import { useId, useState } from 'react';
import type { Tag } from '@slipway/core';
import { ErrorDisplay } from '../../components/error-display.js';
import { useRegistryMutation } from './use-registry-mutation.js';

interface TagRowProps {
  model: string;
  tag: Tag;
  setTag: (tag: Tag) => Promise<unknown>;
  deleteTag: (key: string) => Promise<unknown>;
  setRefusal: string | undefined;
  deleteRefusal: string | undefined;
}

/** One tag: its value, or a field to change it; Edit and Delete buttons named after the key. */
export function TagRow({ model, tag, setTag, deleteTag, setRefusal, deleteRefusal }: TagRowProps) {
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const fieldId = useId();
  const save = useRegistryMutation(model, setTag);
  const remove = useRegistryMutation(model, deleteTag);
  const error = save.error ?? remove.error;
  const close = () => {
    save.reset();
    setDraft(undefined);
  };
  return (
    <tr>
      <td className="mono">{tag.key}</td>
      <td>
        {draft === undefined ? (
          <span className="tag-value">{tag.value}</span>
        ) : (
          <form
            id={`${fieldId}-form`}
            onSubmit={(event) => {
              event.preventDefault();
              save.mutate({ key: tag.key, value: draft }, { onSuccess: close });
            }}
          >
            <label htmlFor={fieldId} className="visually-hidden">
              Value of tag {tag.key}
            </label>
            <input
              id={fieldId}
              value={draft}
              autoComplete="off"
              onChange={(event) => setDraft(event.target.value)}
            />
          </form>
        )}
        {error !== null && <ErrorDisplay error={error} title={`Could not change tag ${tag.key}`} />}
      </td>
      <td className="row-actions">
        {draft === undefined ? (
          <>
            {/* Keys: the Save button appears where Edit was; the same element turned into a submit
                button would submit the form of the click that opened it. */}
            <button
              key="edit"
              type="button"
              onClick={() => setDraft(tag.value)}
              disabled={setRefusal !== undefined}
              title={setRefusal}
            >
              Edit<span className="visually-hidden"> tag {tag.key}</span>
            </button>
            <button
              key="delete"
              type="button"
              onClick={() => remove.mutate(tag.key)}
              disabled={deleteRefusal !== undefined || remove.isPending}
              title={deleteRefusal}
            >
              Delete<span className="visually-hidden"> tag {tag.key}</span>
            </button>
          </>
        ) : (
          <>
            <button
              key="save"
              type="submit"
              form={`${fieldId}-form`}
              className="primary"
              disabled={save.isPending}
            >
              Save<span className="visually-hidden"> tag {tag.key}</span>
            </button>
            <button key="cancel" type="button" onClick={close} disabled={save.isPending}>
              Cancel
            </button>
          </>
        )}
      </td>
    </tr>
  );
}
