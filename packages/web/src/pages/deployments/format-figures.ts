const DECIMAL = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const ONE_DECIMAL = new Intl.NumberFormat(undefined, {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
const WHOLE = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

/** What a figure without data (no requests yet) shows. */
export const NONE = '—';

/** Requests per second: "3.25". */
export function formatRate(rps: number): string {
  return DECIMAL.format(rps);
}

/** A latency: "12.5 ms"; '—' without requests. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return NONE;
  return `${ms < 10 ? DECIMAL.format(ms) : ONE_DECIMAL.format(ms)} ms`;
}

/** A ratio in 0..1 as a percentage: "1.5 %"; '—' when there is none. */
export function formatRatio(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined) return NONE;
  return `${DECIMAL.format(ratio * 100)} %`;
}

/** A value already in percent: "50 %". */
export function formatPercent(percent: number | null | undefined): string {
  if (percent === null || percent === undefined) return NONE;
  return `${DECIMAL.format(percent)} %`;
}

/** A count: "1,204". */
export function formatCount(count: number): string {
  return WHOLE.format(count);
}

/** A number as it is, shortened: "0.83". */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return NONE;
  return DECIMAL.format(value);
}
