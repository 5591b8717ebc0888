/**
 * An MLflow filter for names containing `text`, case-insensitively; undefined for no text. The
 * permissions picker searches by name only, so what the user types is never read as a filter.
 */
export function nameContains(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  // A quote inside a quoted string is written twice; % and _ stay wildcards, as in MLflow's UI.
  return `name ILIKE '%${trimmed.replaceAll("'", "''")}%'`;
}
