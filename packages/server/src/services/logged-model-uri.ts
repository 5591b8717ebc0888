/** `models:/<model id>` (one path segment, no alias) names a logged model; anything else does not. */
export function loggedModelIdOfUri(uri: string): string | undefined {
  const match = /^models:\/+([^/@]+)\/?$/u.exec(uri);
  return match?.[1];
}
