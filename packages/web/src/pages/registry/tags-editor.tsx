import { useId, useState } from 'react';
import type { Tag } from '@slipway/core';
import { ErrorDisplay } from '../../components/error-display.js';
import { TagRow } from './tag-row.js';
import { useRegistryMutation } from './use-registry-mutation.js';

interface TagsEditorProps {
  /** The registered model the tags belong to (its pages are refreshed after a change). */
  model: string;
  /** "the model", "version 3": for the table's caption. */
  of: string;
  tags: Tag[];
  setTag: (tag: Tag) => Promise<unknown>;
  deleteTag: (key: string) => Promise<unknown>;
  /** Why setting (adding, editing) is disabled, when the UI knows the server would refuse. */
  setRefusal: string | undefined;
  /** Why deleting is disabled (versions' tags need MANAGE, models' EDIT). */
  deleteRefusal: string | undefined;
}

/** Tags as a table, each editable and deletable in place, and a form to add one. */
export function TagsEditor({
  model,
  of,
  tags,
  setTag,
  deleteTag,
  setRefusal,
  deleteRefusal,
}: TagsEditorProps) {
  const headingId = useId();
  const keyId = useId();
  const valueId = useId();
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const add = useRegistryMutation(model, setTag);
  const exists = tags.some((t) => t.key === key.trim());
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>Tags</h2>
      {tags.length === 0 ? (
        <p className="empty">No tags.</p>
      ) : (
        <table className="data-table compact">
          <caption className="visually-hidden">Tags of {of}</caption>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Value</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tags.map((tag) => (
              <TagRow
                key={tag.key}
                model={model}
                tag={tag}
                setTag={setTag}
                deleteTag={deleteTag}
                setRefusal={setRefusal}
                deleteRefusal={deleteRefusal}
              />
            ))}
          </tbody>
        </table>
      )}
      {setRefusal === undefined ? (
        <form
          className="inline-form"
          aria-label={`Add a tag to ${of}`}
          onSubmit={(event) => {
            event.preventDefault();
            add.mutate(
              { key: key.trim(), value },
              {
                onSuccess: () => {
                  setKey('');
                  setValue('');
                },
              },
            );
          }}
        >
          <div className="field">
            <label htmlFor={keyId}>Tag key</label>
            <input
              id={keyId}
              value={key}
              required
              autoComplete="off"
              spellCheck={false}
              onChange={(event) => setKey(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={valueId}>Tag value</label>
            <input
              id={valueId}
              value={value}
              autoComplete="off"
              onChange={(event) => setValue(event.target.value)}
            />
          </div>
          <button type="submit" disabled={add.isPending || key.trim() === ''}>
            {exists ? 'Replace tag' : 'Add tag'}
          </button>
        </form>
      ) : (
        <p className="hint">{setRefusal}</p>
      )}
      {add.isError && <ErrorDisplay error={add.error} title="Could not set the tag" />}
    </section>
  );
}
