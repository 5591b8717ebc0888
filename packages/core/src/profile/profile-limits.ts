import { invalidArgument } from '../errors.js';
import type { ProfileLimits } from './data-profile.js';
import { FREQUENT_ITEMS_K } from './frequent-items.js';
import { HLL_PRECISION } from './hyperloglog.js';
import { KLL_K } from './kll-sketch.js';

export const DEFAULT_PROFILE_LIMITS: Readonly<ProfileLimits> = {
  maxNumericValueCounts: 1000,
  maxCategoryCounts: 10_000,
  maxExactValues: 5000,
  kllK: KLL_K,
  frequentItemsK: FREQUENT_ITEMS_K,
  hllPrecision: HLL_PRECISION,
  seed: 1,
};

export type ProfileOptions = Partial<ProfileLimits>;

export function resolveLimits(options: ProfileOptions = {}): ProfileLimits {
  const limits = { ...DEFAULT_PROFILE_LIMITS, ...options };
  for (const [key, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value < 0) {
      throw invalidArgument(
        `Profile option ${key} must be a non-negative integer; got ${String(value)}.`,
      );
    }
  }
  return limits;
}
