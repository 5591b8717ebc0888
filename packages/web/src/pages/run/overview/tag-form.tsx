import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { ErrorDisplay } from '../../../components/error-display.js';
import { useRunEdit } from '../use-run-edit.js';

/** The tag being edited, when a row's Edit button filled the form. */
export interface TagDraft {
  key: string;
  value: string;
}

/**
 * Sets a tag (a new key adds it, an existing key changes its value). A row's Edit button hands
 * its tag in as `draft` (with a new `nonce` each time) to fill the form.
 */
export function TagForm({
  runId,
  draft,
  nonce,
}: {
  runId: string;
  draft: TagDraft | undefined;
  nonce: number;
}) {
  const id = useId();
  const [key, setKey] = useState(draft?.key ?? '');
  const [value, setValue] = useState(draft?.value ?? '');
  const [filledFrom, setFilledFrom] = useState(nonce);
  const valueInput = useRef<HTMLInputElement>(null);
  // A new Edit click: take its tag (adjusting state while rendering, as React recommends).
  if (filledFrom !== nonce) {
    setFilledFrom(nonce);
    setKey(draft?.key ?? '');
    setValue(draft?.value ?? '');
  }
  // After an Edit click, straight to the value: the key is usually what stays.
  useEffect(() => {
    if (nonce > 0) valueInput.current?.focus();
  }, [nonce]);
  const setTag = useRunEdit(runId, (client, tag: TagDraft) =>
    client.runs.setTag(runId, tag.key, tag.value),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTag.mutate(
      { key: key.trim(), value },
      {
        onSuccess: () => {
          setKey('');
          setValue('');
        },
      },
    );
  };
  return (
    <form className="run-tag-form" onSubmit={submit} aria-label="Set a tag">
      <div className="field">
        <label htmlFor={`${id}-key`}>Tag key</label>
        <input
          id={`${id}-key`}
          value={key}
          required
          maxLength={250}
          onChange={(e) => setKey(e.target.value)}
        />
      </div>
      <div className="field grow">
        <label htmlFor={`${id}-value`}>Tag value</label>
        <input
          id={`${id}-value`}
          ref={valueInput}
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
      </div>
      <button type="submit" disabled={setTag.isPending}>
        {setTag.isPending ? 'Saving…' : 'Set tag'}
      </button>
      {setTag.isError && <ErrorDisplay error={setTag.error} title="Could not set the tag" />}
    </form>
  );
}
