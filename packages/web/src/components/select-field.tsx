export interface SelectOption<T extends string> {
  value: T;
  label: string;
}

interface SelectFieldProps<T extends string> {
  id: string;
  label: string;
  value: T;
  options: ReadonlyArray<SelectOption<T>>;
  onChange: (value: T) => void;
  /** Label and box on one line, as in a section's header or a chart's toolbar. */
  inline?: boolean;
}

/** A labelled choice among fixed options, handing back the chosen option's own (typed) value. */
export function SelectField<T extends string>({
  id,
  label,
  value,
  options,
  onChange,
  inline = false,
}: SelectFieldProps<T>) {
  return (
    <div className={inline ? 'field inline' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(event) => {
          const chosen = options.find((option) => option.value === event.target.value);
          if (chosen !== undefined) onChange(chosen.value);
        }}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
