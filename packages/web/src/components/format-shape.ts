/** `[batch, 30]`: a dynamic dimension by its name, a numeric -1 as "?" (any size). */
export function formatShape(shape: ReadonlyArray<number | string> | undefined): string {
  if (shape === undefined) return '—';
  return `[${shape.map((d) => (d === -1 ? '?' : String(d))).join(', ')}]`;
}
