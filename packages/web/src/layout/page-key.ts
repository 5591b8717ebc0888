/** What pageKey reads of a matched route (React Router's UIMatch has both). */
export interface MatchedRoute {
  id: string;
  params: Readonly<Record<string, string | undefined>>;
}

/**
 * What names the page on screen: the matched routes and their path parameters, but not the
 * splat (`*`, an artifact's path inside the run page) nor the search string or hash, which move
 * within one page rather than to another.
 */
export function pageKey(matches: readonly MatchedRoute[]): string {
  const params = matches[matches.length - 1]?.params ?? {};
  const named = Object.entries(params)
    .filter(([name, value]) => name !== '*' && value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([matches.map((m) => m.id), named]);
}
