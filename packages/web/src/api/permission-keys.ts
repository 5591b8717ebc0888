/**
 * TanStack Query keys of what the caller may do. One key for every page that asks (models,
 * deployments), so the answer is fetched once per session rather than once per section.
 */
export const permissionKeys = {
  /** The caller's own explicit permissions and the server's default. */
  own: (username: string) => ['own-permissions', username] as const,
};
