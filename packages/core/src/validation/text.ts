import { invalidArgument } from '../errors.js';

/**
 * PostgreSQL's text cannot hold U+0000 (SQLite's can): a NUL reaching PostgreSQL fails the
 * statement. One rule for both backends, applied before anything is written: strings with a NUL
 * are refused, naming the field.
 */
export function hasNul(value: string): boolean {
  return value.includes('\u0000');
}

/** The refusal for a NUL in `field` (a name such as 'source' or "tag 'k' value"). */
export function nulError(field: string) {
  return invalidArgument(
    `${field} must not contain the NUL character (\\u0000); the stores cannot hold it.`,
    { field },
  );
}

export function refuseNul(field: string, value: string): string {
  if (hasNul(value)) throw nulError(field);
  return value;
}

/**
 * A bounded free-text field (a source URI, a link, a user id): a string of at most `maxLength`
 * characters without NUL. The message follows MLflow's `exceeds_maximum_length`.
 */
export function validateText(field: string, value: unknown, maxLength: number): string {
  if (typeof value !== 'string') throw invalidArgument(`'${field}' must be a string.`);
  if (value.length > maxLength) {
    throw invalidArgument(
      `'${field}' exceeds the maximum length of ${maxLength} characters (got ${value.length}).`,
      { field, limit: maxLength },
    );
  }
  return refuseNul(`'${field}'`, value);
}

/** Like `validateText`, for fields where absent means empty. */
export function validateOptionalText(field: string, value: unknown, maxLength: number): string {
  return value === undefined || value === null ? '' : validateText(field, value, maxLength);
}
