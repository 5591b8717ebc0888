/**
 * Line and bar colours: dark enough on white for WCAG's 3:1 contrast of graphics, and told apart
 * by more than hue alone (the legends name every colour's series).
 */
export const VERSION_COLORS = [
  '#1d4ed8',
  '#c2410c',
  '#15803d',
  '#7c3aed',
  '#0e7490',
  '#be185d',
  '#4d7c0f',
  '#92400e',
] as const;

export const OVERALL_COLOR = '#1f2933';

export const LATENCY_COLORS = { p50: '#15803d', p95: '#c2410c', p99: '#b91c1c' } as const;

export const ERROR_COLOR = '#b91c1c';

/** The colour of the `index`-th version, the same in the split bars, the tables and the charts. */
export function versionColor(index: number): string {
  return VERSION_COLORS[index % VERSION_COLORS.length] as string;
}
