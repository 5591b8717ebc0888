import { invalidArgument } from '../errors.js';

export interface NumberRule {
  integer?: boolean;
  /** Lower bound; exclusive when `minExclusive`. */
  min?: number;
  minExclusive?: boolean;
  /** Upper bound; exclusive when `maxExclusive`. */
  max?: number;
  maxExclusive?: boolean;
}

function describeRule(rule: NumberRule): string {
  const kind = rule.integer === true ? 'an integer' : 'a number';
  if (rule.min !== undefined && rule.max !== undefined) {
    const open = rule.minExclusive === true ? '(' : '[';
    const close = rule.maxExclusive === true ? ')' : ']';
    return `${kind} in ${open}${rule.min}, ${rule.max}${close}`;
  }
  if (rule.min !== undefined)
    return `${kind} ${rule.minExclusive === true ? '>' : '>='} ${rule.min}`;
  if (rule.max !== undefined)
    return `${kind} ${rule.maxExclusive === true ? '<' : '<='} ${rule.max}`;
  return `a finite ${kind.replace(/^an? /, '')}`;
}

function satisfies(value: number, rule: NumberRule): boolean {
  if (!Number.isFinite(value)) return false;
  if (rule.integer === true && !Number.isInteger(value)) return false;
  if (
    rule.min !== undefined &&
    (rule.minExclusive === true ? value <= rule.min : value < rule.min)
  ) {
    return false;
  }
  if (
    rule.max !== undefined &&
    (rule.maxExclusive === true ? value >= rule.max : value > rule.max)
  ) {
    return false;
  }
  return true;
}

function shown(value: unknown): string {
  return typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
}

/** A detector parameter, or its default when absent; throws INVALID_ARGUMENT naming the fix. */
export function numberParam(
  detector: string,
  key: string,
  value: unknown,
  fallback: number,
  rule: NumberRule,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !satisfies(value, rule)) {
    throw invalidArgument(
      `${detector} parameter "${key}" must be ${describeRule(rule)}, got ${shown(value)}. ` +
        `Leave it out to use the default ${fallback}.`,
      { detector, parameter: key },
    );
  }
  return value;
}

/** Refuses a stream value that would silently poison the running statistics. */
export function finiteInput(detector: string, x: number): number {
  if (!Number.isFinite(x)) {
    throw invalidArgument(
      `${detector} takes finite numbers; got ${x}. Drop or impute missing values first.`,
    );
  }
  return x;
}

/** DDM and EDDM read a stream of outcomes: 1 for an error, 0 for a correct prediction. */
export function bitInput(detector: string, x: number): 0 | 1 {
  if (x !== 0 && x !== 1) {
    throw invalidArgument(
      `${detector} takes 1 for an error and 0 for a correct prediction; got ${x}. ` +
        'Feed numeric values (scores, losses) to ADWIN, Page-Hinkley or KSWIN instead.',
    );
  }
  return x;
}
