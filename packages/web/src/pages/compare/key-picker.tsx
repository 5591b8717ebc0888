import { bareKey } from './compared-run.js';

interface KeyPickerProps {
  legend: string;
  keys: readonly string[];
  selected: readonly string[];
  onChange: (selected: string[]) => void;
  /** Show keys without their `params.` / `metrics.` prefix (when all are of one kind). */
  bare?: boolean;
}

/** Checkboxes choosing some of the runs' keys; the choice keeps the keys' own order. */
export function KeyPicker({ legend, keys, selected, onChange, bare = false }: KeyPickerProps) {
  const chosen = new Set(selected);
  return (
    <fieldset className="key-picker">
      <legend>{legend}</legend>
      <div className="key-picker-options">
        {keys.map((key) => (
          <label key={key} className="checkbox">
            <input
              type="checkbox"
              checked={chosen.has(key)}
              onChange={(e) => {
                const next = new Set(chosen);
                if (e.target.checked) next.add(key);
                else next.delete(key);
                onChange(keys.filter((k) => next.has(k)));
              }}
            />
            {bare ? bareKey(key) : key}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
