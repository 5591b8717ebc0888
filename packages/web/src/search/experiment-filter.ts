/** Words and operators that make a search text an MLflow filter rather than a name fragment. */
const FILTER_SYNTAX = /(!?=|<|>|\b(?:LIKE|ILIKE|IN|AND)\b)/iu;

/**
 * The `filter` for what the user typed in the experiments search box: MLflow's filter grammar as
 * typed (`name LIKE 'fraud%' AND tags.team = 'risk'`), or else experiments whose name contains the
 * text, case-insensitively. Undefined for an empty box.
 */
export function experimentFilterFor(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (FILTER_SYNTAX.test(trimmed)) return trimmed;
  // A quote inside a quoted string is written twice.
  return `name ILIKE '%${trimmed.replaceAll("'", "''")}%'`;
}
