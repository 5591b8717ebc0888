import { useId, useRef, useState } from 'react';
import type { CreatedToken } from '@slipway/sdk';

type CopyState = 'idle' | 'copied' | 'select';

/**
 * A new token's secret, shown this once: the server keeps only its hash. Copy uses the
 * Clipboard API; where the browser refuses it (a plain-http address other than localhost is not
 * a secure context), the secret is selected for the user to copy with the keyboard.
 */
export function TokenSecret({ created, onDone }: { created: CreatedToken; onDone: () => void }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<CopyState>('idle');
  const selectSecret = () => input.current?.select();
  const copySecret = async () => {
    try {
      if (navigator.clipboard === undefined) throw new Error('no Clipboard API');
      await navigator.clipboard.writeText(created.secret);
      setCopy('copied');
    } catch {
      selectSecret();
      setCopy('select');
    }
  };
  return (
    <section className="token-secret" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>New token “{created.token.name}”</h2>
      <p>
        Copy it now: it is shown only once. Send it as <code>Authorization: Bearer …</code> or set
        it as <code>SLIPWAY_TOKEN</code> / <code>MLFLOW_TRACKING_TOKEN</code>.
      </p>
      <div className="secret-row">
        <label htmlFor={`${id}-secret`}>Token secret</label>
        <input
          ref={input}
          id={`${id}-secret`}
          className="mono"
          readOnly
          value={created.secret}
          onFocus={selectSecret}
          spellCheck={false}
        />
        <button type="button" className="primary" onClick={() => void copySecret()}>
          Copy
        </button>
        <button type="button" onClick={onDone}>
          Done
        </button>
      </div>
      <p className="hint" role="status">
        {copy === 'copied' && 'Copied to the clipboard.'}
        {copy === 'select' &&
          'The browser did not allow copying: the token is selected, press Ctrl+C (⌘C) to copy it.'}
      </p>
    </section>
  );
}
