import type { ReactNode } from 'react';

interface InputFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'search' | 'datetime-local';
  /** Offered while typing (a `<datalist>`); any other text may still be typed. */
  suggestions?: readonly string[] | undefined;
  /** Shown under the box and read out with it (`aria-describedby`). */
  hint?: ReactNode;
  /** Takes the rest of the row (a search box beside its buttons). */
  grow?: boolean;
}

/**
 * A labelled box for names, ids and filters. Autocomplete and spell-check are off: they offer
 * what was typed on other sites and underline identifiers, neither of which helps here.
 */
export function InputField({
  id,
  label,
  value,
  onChange,
  type = 'text',
  suggestions,
  hint,
  grow = false,
}: InputFieldProps) {
  const listId = `${id}-options`;
  const hintId = `${id}-hint`;
  return (
    <div className={grow ? 'field grow' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        list={suggestions === undefined ? undefined : listId}
        aria-describedby={hint === undefined ? undefined : hintId}
        autoComplete="off"
        spellCheck={false}
      />
      {suggestions !== undefined && (
        <datalist id={listId}>
          {suggestions.map((suggestion) => (
            <option key={suggestion} value={suggestion} />
          ))}
        </datalist>
      )}
      {hint !== undefined && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
    </div>
  );
}
