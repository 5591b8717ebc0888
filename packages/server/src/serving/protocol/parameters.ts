import { invalidArgument } from '@slipway/core';
import type { Parameters } from './inference-target.js';

/** Protocol parameters of the binary tensor data extension. */
export const BINARY_DATA_SIZE = 'binary_data_size';
export const BINARY_DATA = 'binary_data';
export const BINARY_DATA_OUTPUT = 'binary_data_output';

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a `parameters` object: each value a string, a number or a boolean. */
export function parseParameters(value: unknown, where: string): Parameters | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) {
    throw invalidArgument(`${where}: 'parameters' must be an object of name/value pairs.`);
  }
  for (const [key, item] of Object.entries(value)) {
    const type = typeof item;
    if (type !== 'string' && type !== 'number' && type !== 'boolean') {
      throw invalidArgument(
        `${where}: parameter '${key}' must be a string, a number or a boolean.`,
      );
    }
  }
  return value as Parameters;
}

export function booleanParameter(
  parameters: Parameters | undefined,
  key: string,
  where: string,
): boolean | undefined {
  const value = parameters?.[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') {
    throw invalidArgument(`${where}: parameter '${key}' must be true or false.`);
  }
  return value;
}

/** A non-negative integer parameter (sizes), or undefined when absent. */
export function sizeParameter(
  parameters: Parameters | undefined,
  key: string,
  where: string,
): number | undefined {
  const value = parameters?.[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalidArgument(`${where}: parameter '${key}' must be a non-negative integer.`);
  }
  return value;
}
