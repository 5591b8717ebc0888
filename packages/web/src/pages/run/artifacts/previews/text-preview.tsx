import { useState } from 'react';

/** Characters shown at first and added by each "Show more": a long log stays quick to render. */
const STEP = 20_000;

/**
 * Text in a scrollable, focusable block (so keyboard users can scroll it), shown in steps of
 * STEP characters with a "Show more" button.
 */
export function TextPreview({ text, label }: { text: string; label: string }) {
  const [shown, setShown] = useState(STEP);
  const more = text.length > shown;
  return (
    <>
      <pre className="artifact-text" tabIndex={0} aria-label={label}>
        {more ? text.slice(0, shown) : text}
      </pre>
      {more && (
        <p className="artifact-note">
          Showing the first {shown.toLocaleString()} of {text.length.toLocaleString()} characters.{' '}
          <button type="button" onClick={() => setShown((n) => n + STEP * 5)}>
            Show more
          </button>
        </p>
      )}
    </>
  );
}
