/** Words and operators that make a search text an MLflow filter rather than a name fragment. */
const FILTER_SYNTAX = /(!?=|<|>|\b(?:LIKE|ILIKE|AND)\b)/iu;

/**
 * The `filter` for what the user typed in the models search box: MLflow's filter grammar for
 * registered models as typed (`name LIKE 'fraud%' AND tags.team = 'risk'`), or else models whose
 * name contains the text, case-insensitively. Undefined for an empty box.
 */
export function modelFilterFor(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (FILTER_SYNTAX.test(trimmed)) return trimmed;
  // A quote inside a quoted string is written twice; % and _ are LIKE's wildcards, kept as typed.
  return `name ILIKE '%${trimmed.replaceAll("'", "''")}%'`;
}

/** The list's orders as the URL writes them (`?sort=updated`) and as the API takes them. */
export const MODEL_SORTS = [
  { value: 'name', label: 'Name', orderBy: 'name ASC' },
  { value: 'updated', label: 'Last updated', orderBy: 'last_updated_timestamp DESC' },
  { value: 'created', label: 'Newest', orderBy: 'creation_timestamp DESC' },
] as const;

export type ModelSort = (typeof MODEL_SORTS)[number]['value'];

/** The URL's `sort`, by name when absent or unknown. */
export function modelSortOf(raw: string | null): (typeof MODEL_SORTS)[number] {
  return MODEL_SORTS.find((s) => s.value === raw) ?? MODEL_SORTS[0];
}
