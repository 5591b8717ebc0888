import { formatPercent } from '../format-figures.js';

/** One version's share of a bar. */
export interface SplitPart {
  key: string;
  percent: number;
  color: string;
}

interface SplitBarProps {
  label: string;
  parts: readonly SplitPart[];
  /** Shown instead of the bar when no part has a share (no requests yet). */
  empty: string;
}

/**
 * A stacked bar of shares that add up to 100 %, labelled for screen readers with every share (the
 * widths are set through the CSSOM, which the page's Content-Security-Policy allows).
 */
export function SplitBar({ label, parts, empty }: SplitBarProps) {
  const shown = parts.filter((part) => part.percent > 0);
  const summary = parts.map((part) => `${part.key} ${formatPercent(part.percent)}`).join(', ');
  return (
    <div className="dep-split">
      <p className="dep-split-label">{label}</p>
      {shown.length === 0 ? (
        <p className="dep-split-empty">{empty}</p>
      ) : (
        <div className="dep-split-bar" role="img" aria-label={`${label}: ${summary}`}>
          {shown.map((part) => (
            <span
              key={part.key}
              className="dep-split-part"
              style={{ width: `${part.percent}%`, background: part.color }}
            >
              {part.percent >= 12 ? formatPercent(part.percent) : ''}
            </span>
          ))}
        </div>
      )}
    </div>
  );
}
