import { dashArray } from './series-style.js';
import type { SeriesStyle } from './series-style.js';

/** A short sample of a run's line (colour and dash) for legends; decorative, the name says which. */
export function SeriesSwatch({ style }: { style: SeriesStyle }) {
  return (
    <svg className="series-swatch" width="28" height="10" aria-hidden="true" focusable="false">
      <line
        x1="1"
        y1="5"
        x2="27"
        y2="5"
        stroke={style.color}
        strokeWidth="3"
        strokeDasharray={dashArray(style)}
      />
    </svg>
  );
}
