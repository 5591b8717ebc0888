const SIGNIFICANT_DIGITS = 6;
const MAX_LISTED = 10;

/** A number short enough to read (6 significant digits), a string quoted, null as null. */
export function displayValue(value: unknown): string {
  if (typeof value === 'number') {
    if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
    return String(Number(value.toPrecision(SIGNIFICANT_DIGITS)));
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(displayValue).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const fields = Object.entries(value).map(([k, v]) => `${k}: ${displayValue(v)}`);
    return `{${fields.join(', ')}}`;
  }
  return String(value);
}

/** Up to ten values, then how many more. */
export function displayList(values: readonly unknown[]): string {
  const shown = values.slice(0, MAX_LISTED).map(displayValue).join(', ');
  const more = values.length > MAX_LISTED ? `, … ${values.length - MAX_LISTED} more` : '';
  return `${shown}${more}`;
}

export function displayPercent(percent: number): string {
  return `${Number(percent.toFixed(2))}%`;
}
