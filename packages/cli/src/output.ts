import type { Tag } from '@slipway/core';

/** JSON for --json output; NaN and ±Infinity as strings, as the API sends them. */
export function toJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v),
    2,
  );
}

/** Left-aligned columns with a header row; empty tables say so instead of printing a bare header. */
export function table(headers: string[], rows: string[][], empty = '(none)'): string[] {
  if (rows.length === 0) return [empty];
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)];
}

/** `key: value` lines, aligned. */
export function fields(entries: Array<[string, string]>): string[] {
  const width = Math.max(...entries.map(([k]) => k.length)) + 1;
  return entries.map(([k, v]) => `${`${k}:`.padEnd(width)} ${v}`);
}

export function time(ms: number | undefined): string {
  return ms === undefined || ms === 0 ? '-' : new Date(ms).toISOString();
}

export function tagLines(tags: Tag[], indent = '  '): string[] {
  return tags.length === 0
    ? [`${indent}(none)`]
    : tags.map((t) => `${indent}${t.key} = ${t.value}`);
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/gu, ' ').trim();
}
