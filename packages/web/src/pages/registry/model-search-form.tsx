import { useState } from 'react';
import { MODEL_SORTS, modelSortOf } from './model-filter.js';
import type { ModelSort } from './model-filter.js';

interface ModelSearchFormProps {
  text: string;
  sort: ModelSort;
  onSearch: (text: string) => void;
  onSort: (sort: ModelSort) => void;
}

/** The search box (a name fragment or an MLflow filter) and the order of the list. */
export function ModelSearchForm({ text, sort, onSearch, onSort }: ModelSearchFormProps) {
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
        <label htmlFor="model-search">Search models</label>
        <input
          id="model-search"
          type="search"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          aria-describedby="model-search-help"
          autoComplete="off"
          spellCheck={false}
        />
        <p id="model-search-help" className="hint">
          Part of a name, or a filter such as <code>name LIKE &apos;fraud%&apos;</code> or{' '}
          <code>tags.team = &apos;risk&apos;</code>
        </p>
      </div>
      <div className="field">
        <label htmlFor="model-sort">Order by</label>
        <select
          id="model-sort"
          value={sort}
          onChange={(event) => onSort(modelSortOf(event.target.value).value)}
        >
          {MODEL_SORTS.map((option) => (
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
