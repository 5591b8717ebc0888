import { formatValue } from './format-value.js';

/** A value on a parallel-coordinates or scatter axis: a metric, or a param (text). */
export type PlotValue = number | string | undefined;

export interface NumericScale {
  kind: 'numeric';
  /** Logarithmic (base 10): asked for, and every value is positive. */
  log: boolean;
  min: number;
  max: number;
  ticks: Array<{ value: number; label: string; at: number }>;
  /** 0 at the minimum to 1 at the maximum; undefined for a missing or non-numeric value. */
  position(value: PlotValue): number | undefined;
}

export interface CategoricalScale {
  kind: 'categorical';
  categories: string[];
  ticks: Array<{ value: string; label: string; at: number }>;
  position(value: PlotValue): number | undefined;
}

export type AxisScale = NumericScale | CategoricalScale;

/** A param's text as a number when it is one ("0.01", "64"), so params get numeric axes. */
export function numericValue(value: PlotValue): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** 1, 2 or 5 times a power of ten, near `span / count`: tick spacing people read easily. */
function niceStep(span: number, count: number): number {
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

function numericScale(numbers: number[]): NumericScale {
  const min = Math.min(...numbers);
  const max = Math.max(...numbers);
  const span = max - min;
  const position = (value: PlotValue) => {
    const n = numericValue(value);
    if (n === undefined) return undefined;
    return span === 0 ? 0.5 : (n - min) / span;
  };
  const values: number[] = [];
  if (span === 0) values.push(min);
  else {
    const step = niceStep(span, 4);
    // Integer multiples of the step, so ticks are not accumulated with rounding errors.
    for (let k = Math.ceil(min / step); k * step <= max + step * 1e-9; k++) values.push(k * step);
  }
  const ticks = values.map((value) => ({
    value,
    label: formatValue(value),
    at: position(value) ?? 0.5,
  }));
  return { kind: 'numeric', log: false, min, max, ticks, position };
}

/** A base-10 logarithmic scale over positive numbers, ticks at the powers of ten inside. */
function logScale(numbers: number[]): NumericScale {
  const min = Math.min(...numbers);
  const max = Math.max(...numbers);
  const low = Math.log10(min);
  const span = Math.log10(max) - low;
  const position = (value: PlotValue) => {
    const n = numericValue(value);
    if (n === undefined || n <= 0) return undefined;
    return span === 0 ? 0.5 : (Math.log10(n) - low) / span;
  };
  const values: number[] = [];
  for (let p = Math.ceil(low - 1e-9); p <= Math.log10(max) + 1e-9; p++) values.push(10 ** p);
  // Fewer than two powers of ten inside: the ends say what the range is.
  if (values.length < 2) values.splice(0, values.length, ...new Set([min, max]));
  const ticks = values.map((value) => ({
    value,
    label: formatValue(value),
    at: position(value) ?? 0.5,
  }));
  return { kind: 'numeric', log: true, min, max, ticks, position };
}

function categoricalScale(values: string[]): CategoricalScale {
  const categories = [...new Set(values)].sort((a, b) =>
    a.localeCompare(b, undefined, { numeric: true }),
  );
  const at = (i: number) => (categories.length === 1 ? 0.5 : i / (categories.length - 1));
  const index = new Map(categories.map((c, i) => [c, i]));
  return {
    kind: 'categorical',
    categories,
    ticks: categories.map((c, i) => ({ value: c, label: c, at: at(i) })),
    position(value) {
      if (value === undefined) return undefined;
      const i = index.get(String(value));
      return i === undefined ? undefined : at(i);
    },
  };
}

/**
 * The scale of one axis over the runs' values: numeric when every value present is a number (or
 * a param that reads as one), categorical (sorted, evenly spaced) otherwise. With `log`, numeric
 * axes whose values are all positive are logarithmic.
 */
export function buildAxisScale(
  values: readonly PlotValue[],
  options: { log?: boolean } = {},
): AxisScale {
  const present = values.filter((v): v is number | string => v !== undefined);
  const numbers = present.map(numericValue);
  if (present.length > 0 && numbers.every((n) => n !== undefined)) {
    const finite = numbers as number[];
    return options.log === true && finite.every((n) => n > 0)
      ? logScale(finite)
      : numericScale(finite);
  }
  return categoricalScale(present.map(String));
}
