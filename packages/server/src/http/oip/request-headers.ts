import type { IncomingHttpHeaders } from 'node:http';

/** Header values as one string each (repeated headers joined as HTTP allows), for targets. */
export function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
