import { useId, useState } from 'react';
import { Link } from 'react-router';
import { ErrorDisplay } from '../../../components/error-display.js';
import { specProblems } from './spec-issues.js';

interface SpecEditorProps {
  initialText: string;
  /** Where Cancel goes. */
  cancelTo: string;
  saving: boolean;
  /** The last attempt's error: the server's field-path problems are listed under the text. */
  error: unknown;
  onSave: (text: string) => void;
}

/**
 * A monitor spec as YAML in a plain textarea, saved as written (the server parses it and names
 * every problem by field path, which shows here beside the text rather than in a banner).
 */
export function SpecEditor({ initialText, cancelTo, saving, error, onSave }: SpecEditorProps) {
  const [text, setText] = useState(initialText);
  const textId = useId();
  const hintId = useId();
  const problemsId = useId();
  const problems = error === null || error === undefined ? undefined : specProblems(error);
  return (
    <form
      className="mon-editor"
      onSubmit={(event) => {
        event.preventDefault();
        onSave(text);
      }}
    >
      <div className="field">
        <label htmlFor={textId}>Monitor spec (YAML)</label>
        <p id={hintId} className="hint">
          The fields of <code>slipway monitors apply -f monitor.yaml</code>; durations as 30s, 15m,
          1h or 7d.
        </p>
        <textarea
          id={textId}
          className="mon-yaml"
          value={text}
          spellCheck={false}
          rows={Math.min(40, Math.max(16, text.split('\n').length + 2))}
          aria-describedby={problems === undefined ? hintId : `${hintId} ${problemsId}`}
          aria-invalid={problems === undefined ? undefined : true}
          onChange={(event) => setText(event.target.value)}
        />
      </div>
      {problems !== undefined && (
        <div id={problemsId} className="mon-problems" role="alert">
          <p className="error-title">The server refused the spec:</p>
          <ul>
            {problems.map((p, i) => (
              <li key={`${p.path}-${i}`}>
                {p.path !== '' && <code>{p.path}</code>}
                {p.path !== '' && ': '}
                {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {problems === undefined && error !== null && error !== undefined && (
        <ErrorDisplay error={error} title="Could not save the monitor" />
      )}
      <div className="mon-editor-actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save'}
        </button>
        <Link to={cancelTo}>Cancel</Link>
      </div>
    </form>
  );
}
