import { z } from 'zod';

// Settings arrive as strings (environment, command line) or as typed values (tests, embedding code),
// so every builder here accepts both and words its errors for someone editing a flag or env var.

const TRUE_WORDS = ['true', 'yes', 'on', '1'] as const;
const FALSE_WORDS = ['false', 'no', 'off', '0'] as const;

/** The words a boolean setting accepts, in the order error messages list them. */
export const BOOLEAN_WORDS: readonly string[] = [...TRUE_WORDS, ...FALSE_WORDS];

const BOOLEAN_ERROR = `must be one of ${BOOLEAN_WORDS.join(', ')} (any case)`;

/**
 * A boolean read from `true/false/yes/no/on/off/1/0` in any case. Not `z.coerce.boolean()`: that
 * makes every non-empty string true, so `false` read as true.
 */
export function booleanValue() {
  return z.union([z.boolean(), z.string()], { error: BOOLEAN_ERROR }).transform((value, ctx) => {
    if (typeof value === 'boolean') return value;
    const word = value.trim().toLowerCase();
    if ((TRUE_WORDS as readonly string[]).includes(word)) return true;
    if ((FALSE_WORDS as readonly string[]).includes(word)) return false;
    ctx.issues.push({
      code: 'custom',
      message: `${BOOLEAN_ERROR}, not ${JSON.stringify(value)}`,
      input: value,
    });
    return z.NEVER;
  });
}

export interface NumberValueOptions {
  /** What the number counts, for messages: `milliseconds`, `bytes`, `days`. */
  unit?: string;
  min: number;
  max?: number;
  /** Whole numbers only; default true. */
  integer?: boolean;
  /** Replaces the generated range message where the bound means something (`0 (off)`). */
  rangeError?: string;
}

/**
 * A number from a number or a numeric string. Unlike `z.coerce.number()`, a blank string is an
 * error rather than 0, and each failure says what a valid value looks like.
 */
export function numberValue(options: NumberValueOptions) {
  const of = options.unit === undefined ? '' : ` of ${options.unit}`;
  const unit = options.unit === undefined ? '' : ` ${options.unit}`;
  const rangeError =
    options.rangeError ??
    (options.max === undefined
      ? `must be ${options.min}${unit} or more`
      : `must be between ${options.min} and ${options.max}${unit}`);
  let number = z.number({ error: `must be a number${of}` });
  if (options.integer !== false) number = number.int({ error: `must be a whole number${of}` });
  number = number.min(options.min, { error: rangeError });
  if (options.max !== undefined) number = number.max(options.max, { error: rangeError });
  return z
    .union([z.number(), z.string()], { error: `must be a number${of}` })
    .transform((value) => (typeof value === 'string' && value.trim() === '' ? NaN : Number(value)))
    .pipe(number);
}

/** A non-empty string. */
export function textValue(options: { minLength?: number; lengthError?: string } = {}) {
  const minLength = options.minLength ?? 1;
  const lengthError =
    options.lengthError ??
    (minLength === 1 ? 'must not be empty' : `must be at least ${minLength} characters`);
  return z.string({ error: 'must be text' }).min(minLength, { error: lengthError });
}

/** One of a fixed set of words, matched exactly, listing them all when the value is none of them. */
export function oneOfValue<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `must be one of ${values.join(', ')}` });
}

/** An absolute URL such as `http://127.0.0.1:9000`. */
export function urlValue() {
  return z.url({ error: 'must be an absolute URL such as http://127.0.0.1:9000' });
}
