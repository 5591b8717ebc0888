/** The lifetimes offered for a new token; a short one is the safer default for scripts. */
export const EXPIRY_OPTIONS = [
  { value: '1', label: '1 day', days: 1 },
  { value: '7', label: '7 days', days: 7 },
  { value: '30', label: '30 days', days: 30 },
  { value: '90', label: '90 days', days: 90 },
  { value: '365', label: '1 year', days: 365 },
  { value: 'never', label: 'Never', days: undefined },
] as const;

export type ExpiryValue = (typeof EXPIRY_OPTIONS)[number]['value'];

export const DEFAULT_EXPIRY: ExpiryValue = '30';

export function expiryDays(value: ExpiryValue): number | undefined {
  return EXPIRY_OPTIONS.find((o) => o.value === value)?.days;
}
