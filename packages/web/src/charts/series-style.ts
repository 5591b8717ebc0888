/** How one run is drawn: a colour and a dash pattern, so runs stay apart without colour vision. */
export interface SeriesStyle {
  color: string;
  /** Canvas / SVG dash segments in CSS pixels; empty for a solid line. */
  dash: number[];
}

/**
 * Okabe and Ito's palette, which stays distinguishable with the common colour-vision deficiencies,
 * without its yellow and with black last: all of these reach 3:1 against white (WCAG's contrast
 * for graphics) except sky blue, which is kept for its hue and always paired with a dash.
 */
const COLORS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000'];

/**
 * Dash patterns, five of them against seven colours: colour and dash repeat together only after
 * 35 runs, and neighbouring runs always differ in both.
 */
const DASHES: number[][] = [[], [10, 4], [2, 3], [12, 3, 3, 3], [5, 5]];

/** The style of the run at `index` in a comparison; the same index gets the same style everywhere. */
export function seriesStyle(index: number): SeriesStyle {
  return {
    color: COLORS[index % COLORS.length] ?? '#000000',
    dash: DASHES[index % DASHES.length] ?? [],
  };
}

/** `stroke-dasharray` for SVG. */
export function dashArray(style: SeriesStyle): string | undefined {
  return style.dash.length === 0 ? undefined : style.dash.join(' ');
}
