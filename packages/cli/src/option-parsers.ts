import { InvalidArgumentError } from 'commander';
import type { Tag, ViewType } from '@slipway/core';

export function parseInteger(value: string): number {
  if (!/^-?\d+$/u.test(value.trim())) throw new InvalidArgumentError('Expected an integer.');
  return Number(value);
}

export function parsePositiveInteger(value: string): number {
  const n = parseInteger(value);
  if (n < 1) throw new InvalidArgumentError('Expected a positive integer.');
  return n;
}

const NON_FINITE: Record<string, number> = {
  nan: Number.NaN,
  inf: Number.POSITIVE_INFINITY,
  '+inf': Number.POSITIVE_INFINITY,
  infinity: Number.POSITIVE_INFINITY,
  '+infinity': Number.POSITIVE_INFINITY,
  '-inf': Number.NEGATIVE_INFINITY,
  '-infinity': Number.NEGATIVE_INFINITY,
};

/** A metric value: any decimal or exponent number, or NaN / inf / -inf (any case). */
export function parseMetricValue(value: string): number {
  const text = value.trim();
  const special = NON_FINITE[text.toLowerCase()];
  if (special !== undefined) return special;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/iu.test(text)) {
    throw new InvalidArgumentError('Expected a number (NaN, inf and -inf are allowed).');
  }
  return Number(text);
}

/** `--tag key=value`, repeatable; collects into a list. */
export function collectTag(value: string, previous: Tag[] = []): Tag[] {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError('Expected key=value.');
  return [...previous, { key: value.slice(0, eq), value: value.slice(eq + 1) }];
}

/** Repeatable string option. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

const VIEWS: Record<string, ViewType> = {
  active: 'ACTIVE_ONLY',
  deleted: 'DELETED_ONLY',
  all: 'ALL',
};

export function parseView(value: string): ViewType {
  const view = VIEWS[value.toLowerCase()];
  if (!view) throw new InvalidArgumentError('Expected active, deleted or all.');
  return view;
}
