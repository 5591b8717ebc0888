const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gu;
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/u;

/**
 * Parses a duration such as `30s`, `500ms`, `5m`, `1h`, `7d` or a compound `1m30s` into whole
 * milliseconds. Returns undefined when the text is not a duration, so callers word their own error.
 */
export function parseDurationMs(text: string): number | undefined {
  const trimmed = text.trim();
  if (!WHOLE.test(trimmed)) return undefined;
  let total = 0;
  for (const match of trimmed.matchAll(PART)) {
    total += Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  }
  return Math.round(total);
}

/** Formats milliseconds as the shortest of `ms`, `s`, `m`, `h`, `d` that is exact, for messages. */
export function formatDurationMs(ms: number): string {
  if (ms >= UNIT_MS.d && ms % UNIT_MS.d === 0) return `${ms / UNIT_MS.d}d`;
  if (ms >= UNIT_MS.h && ms % UNIT_MS.h === 0) return `${ms / UNIT_MS.h}h`;
  if (ms >= UNIT_MS.m && ms % UNIT_MS.m === 0) return `${ms / UNIT_MS.m}m`;
  if (ms >= UNIT_MS.s && ms % UNIT_MS.s === 0) return `${ms / UNIT_MS.s}s`;
  return `${ms}ms`;
}
