import { useState } from 'react';
import { VIEW_OPTIONS, viewParam } from '../../search/view-type.js';
import type { ViewParam } from '../../search/view-type.js';

interface ExperimentSearchFormProps {
  text: string;
  view: ViewParam;
  onSearch: (text: string) => void;
  onView: (view: ViewParam) => void;
}

/** The search box (a name fragment or an MLflow filter) and the active/deleted/all choice. */
export function ExperimentSearchForm({ text, view, onSearch, onView }: ExperimentSearchFormProps) {
  const [draft, setDraft] = useState(text);
  return (
    <form
      className="search-form"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        onSearch(draft.trim());
      }}
    >
      <div className="field grow">
        <label htmlFor="experiment-search">Search experiments</label>
        <input
          id="experiment-search"
          type="search"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          aria-describedby="experiment-search-help"
          autoComplete="off"
          spellCheck={false}
        />
        <p id="experiment-search-help" className="hint">
          Part of a name, or a filter such as <code>name LIKE &apos;fraud%&apos;</code> or{' '}
          <code>tags.team = &apos;risk&apos;</code>
        </p>
      </div>
      <div className="field">
        <label htmlFor="experiment-view">Show</label>
        <select
          id="experiment-view"
          value={view}
          onChange={(event) => onView(viewParam(event.target.value))}
        >
          {VIEW_OPTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      <button type="submit">Search</button>
    </form>
  );
}
