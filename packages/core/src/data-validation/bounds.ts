import { parseIsoDatetime } from './iso-datetime.js';
import type { NumericScale } from './numeric-values.js';
import type { CheckOutcome } from './validation-result.js';

/** The bound kwargs of the *_to_be_between expectations (null or absent: unbounded, as GE's None). */
export interface BetweenKwargs {
  min_value?: number | string | null | undefined;
  max_value?: number | string | null | undefined;
  strict_min?: boolean | null | undefined;
  strict_max?: boolean | null | undefined;
}

/** Bounds resolved to numbers once, so the per-row test allocates nothing. */
export interface NumericBounds {
  readonly min: number;
  readonly max: number;
  readonly strictMin: boolean;
  readonly strictMax: boolean;
}

/** Date bounds (ISO strings) put the values on the datetime scale, number bounds on the number one. */
export function boundsScale(kwargs: BetweenKwargs): NumericScale {
  return typeof kwargs.min_value === 'string' || typeof kwargs.max_value === 'string'
    ? 'datetime'
    : 'number';
}

function toNumber(bound: number | string | null | undefined, unbounded: number): number {
  if (bound === null || bound === undefined) return unbounded;
  return typeof bound === 'number' ? bound : parseIsoDatetime(bound);
}

export function resolveBounds(kwargs: BetweenKwargs): NumericBounds {
  return {
    min: toNumber(kwargs.min_value, -Infinity),
    max: toNumber(kwargs.max_value, Infinity),
    strictMin: kwargs.strict_min === true,
    strictMax: kwargs.strict_max === true,
  };
}

/** Inclusive unless strict; false for NaN. */
export function isWithin(x: number, bounds: NumericBounds): boolean {
  const aboveMin = bounds.strictMin ? x > bounds.min : x >= bounds.min;
  const belowMax = bounds.strictMax ? x < bounds.max : x <= bounds.max;
  return aboveMin && belowMax;
}

/** GE's metric-between rule: the observed statistic within the bounds; an undefined one (no values) fails. */
export function betweenOutcome(
  observed: number,
  kwargs: BetweenKwargs,
  scale: NumericScale = 'number',
): CheckOutcome {
  const defined = !Number.isNaN(observed);
  const shown = !defined
    ? null
    : scale === 'datetime'
      ? new Date(observed).toISOString()
      : observed;
  return {
    success: defined && isWithin(observed, resolveBounds(kwargs)),
    result: { observed_value: shown },
  };
}
