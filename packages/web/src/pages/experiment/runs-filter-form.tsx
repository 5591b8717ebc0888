import { useState } from 'react';

interface RunsFilterFormProps {
  /** The filter in effect (from the URL). */
  filter: string;
  /** The server's message when it refused the filter; shown under the box. */
  error: string | undefined;
  onFilter: (filter: string) => void;
}

const HELP_ID = 'runs-filter-help';
const ERROR_ID = 'runs-filter-error';

/**
 * The runs filter in MLflow's grammar, sent to the server as typed. A filter the server refuses
 * stays in the box, marked invalid, with the server's message (which names the position and the
 * problem) right under it and tied to it for screen readers.
 */
export function RunsFilterForm({ filter, error, onFilter }: RunsFilterFormProps) {
  const [draft, setDraft] = useState(filter);
  const invalid = error !== undefined;
  return (
    <form
      className="search-form runs-filter"
      role="search"
      aria-label="Runs"
      onSubmit={(event) => {
        event.preventDefault();
        onFilter(draft);
      }}
    >
      <div className="field grow">
        <label htmlFor="runs-filter">Filter runs</label>
        <input
          id="runs-filter"
          type="search"
          className="mono"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          aria-invalid={invalid ? true : undefined}
          aria-describedby={invalid ? `${ERROR_ID} ${HELP_ID}` : HELP_ID}
          autoComplete="off"
          spellCheck={false}
          placeholder="metrics.acc > 0.9 and params.lr = '0.01'"
        />
        {invalid && (
          <p id={ERROR_ID} className="field-error" role="alert">
            {error}
          </p>
        )}
        <p id={HELP_ID} className="hint">
          MLflow filter syntax: <code>metrics.acc &gt; 0.9 and params.lr = &apos;0.01&apos;</code>,{' '}
          <code>tags.team = &apos;risk&apos;</code>,{' '}
          <code>attributes.status = &apos;FAILED&apos;</code>
        </p>
      </div>
      <button type="submit">Apply</button>
    </form>
  );
}
