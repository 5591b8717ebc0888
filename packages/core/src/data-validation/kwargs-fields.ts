import { z } from 'zod';
import { parseIsoDatetime } from './iso-datetime.js';

/** Kwarg schemas shared by several expectations, each worded for a person fixing a suite file. */
export const columnName = z
  .string({ error: 'must be a column name (a string)' })
  .min(1, { error: 'must not be empty' });

export const mostly = z
  .number({ error: 'must be a number from 0 to 1' })
  .min(0, { error: 'must be a number from 0 to 1' })
  .max(1, { error: 'must be a number from 0 to 1' })
  .nullish();

export const strictFlag = z.boolean({ error: 'must be true or false' }).nullish();

export const numberBound = z.number({ error: 'must be a number or null' }).nullish();

export const countBound = z
  .number({ error: 'must be a whole number or null' })
  .int({ error: 'must be a whole number or null' })
  .min(0, { error: 'must not be negative' })
  .nullish();

/** A bound for values or extremes that may be numbers or ISO 8601 dates (GE allows datetimes here). */
export const comparableBound = z
  .union([z.number(), z.string()], {
    error: 'must be a number, an ISO 8601 date such as "2024-05-01", or null',
  })
  .nullish()
  .refine((value) => typeof value !== 'string' || !Number.isNaN(parseIsoDatetime(value)), {
    error: 'must be a number, an ISO 8601 date such as "2024-05-01", or null',
  });

export const valueSet = z.array(
  z.union([z.string(), z.number(), z.boolean()], {
    error: 'must hold strings, numbers or booleans',
  }),
  { error: 'must be a list of values' },
);

export interface Bounds {
  min_value?: number | string | null | undefined;
  max_value?: number | string | null | undefined;
}

function boundOrder(value: number | string): number {
  return typeof value === 'number' ? value : parseIsoDatetime(value);
}

/**
 * The cross-kwarg rules of every *_to_be_between expectation: at least one bound, both of one kind
 * (numbers or dates), and min_value <= max_value.
 */
export function checkBounds(bounds: Bounds, ctx: z.RefinementCtx): void {
  const min = bounds.min_value ?? null;
  const max = bounds.max_value ?? null;
  if (min === null && max === null) {
    ctx.addIssue({ code: 'custom', message: 'give min_value or max_value' });
    return;
  }
  if (min === null || max === null) return;
  if (typeof min !== typeof max) {
    ctx.addIssue({
      code: 'custom',
      message: 'min_value and max_value must both be numbers or both be dates',
    });
    return;
  }
  if (boundOrder(min) > boundOrder(max)) {
    ctx.addIssue({
      code: 'custom',
      message: `min_value (${JSON.stringify(min)}) is greater than max_value (${JSON.stringify(max)})`,
    });
  }
}
