import { useState } from 'react';
import { InputField } from './input-field.js';
import { SelectField } from './select-field.js';
import type { SelectOption } from './select-field.js';

/** The choice beside the box (which experiments to show, how to order models). */
export interface SearchChoice<T extends string> {
  id: string;
  label: string;
  value: T;
  options: ReadonlyArray<SelectOption<T>>;
  onChange: (value: T) => void;
}

interface SearchFormProps<T extends string> {
  /** The box's id, e.g. `experiment-search`. */
  id: string;
  /** The box's label, e.g. "Search experiments". */
  label: string;
  text: string;
  onSearch: (text: string) => void;
  choice: SearchChoice<T>;
}

/**
 * A list page's search: a box taking a name fragment or an MLflow filter, searched on Enter or
 * the button, and one choice applied as soon as it changes. The box is a draft until submitted;
 * the page keys the form by its URL, so Back shows the URL's search again.
 */
export function SearchForm<T extends string>({
  id,
  label,
  text,
  onSearch,
  choice,
}: SearchFormProps<T>) {
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
      <InputField
        id={id}
        label={label}
        type="search"
        value={draft}
        onChange={setDraft}
        grow
        hint={
          <>
            Part of a name, or a filter such as <code>name LIKE &apos;fraud%&apos;</code> or{' '}
            <code>tags.team = &apos;risk&apos;</code>
          </>
        }
      />
      <SelectField
        id={choice.id}
        label={choice.label}
        value={choice.value}
        options={choice.options}
        onChange={choice.onChange}
      />
      <button type="submit">Search</button>
    </form>
  );
}
