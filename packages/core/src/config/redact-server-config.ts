import { SERVER_SETTINGS } from './server-settings.js';

const SECRET_KEYS: readonly string[] = SERVER_SETTINGS.filter((s) => s.secret === true).map(
  (s) => s.key,
);

/** A copy of a configuration safe to log or print: every secret setting that is set reads `***`. */
export function redactServerConfig<T extends object>(config: T): T {
  const copy = { ...config } as Record<string, unknown>;
  for (const key of SECRET_KEYS) {
    if (copy[key] !== undefined) copy[key] = '***';
  }
  return copy as T;
}
