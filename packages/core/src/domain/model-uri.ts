import { invalidArgument } from '../errors.js';

/** What a `models:/` URI points at. */
export type ModelReference =
  | { name: string; kind: 'version'; version: string }
  | { name: string; kind: 'alias'; alias: string }
  | { name: string; kind: 'latest' }
  | { name: string; kind: 'stage'; stage: string };

/**
 * Parses MLflow model URIs: `models:/name/3`, `models:/name@alias`, `models:/name/latest`,
 * `models:/name/Production` (stage, kept for compatibility). Names may contain '/' only in the
 * `@alias` form, as MLflow.
 */
export function parseModelUri(uri: string): ModelReference {
  if (!uri.startsWith('models:/')) {
    throw invalidArgument(
      `Not a model URI: '${uri}'. Expected models:/<name>/<version|latest|stage> or models:/<name>@<alias>.`,
    );
  }
  const rest = uri.slice('models:/'.length).replace(/^\/+/u, '');
  const at = rest.lastIndexOf('@');
  if (at > 0) {
    const name = rest.slice(0, at);
    const alias = rest.slice(at + 1);
    if (alias.length === 0) throw invalidArgument(`Model URI '${uri}' has an empty alias.`);
    return { name, kind: 'alias', alias };
  }
  const slash = rest.lastIndexOf('/');
  if (slash <= 0 || slash === rest.length - 1) {
    throw invalidArgument(
      `Model URI '${uri}' must name a version, 'latest', a stage or an @alias.`,
    );
  }
  const name = rest.slice(0, slash);
  const suffix = rest.slice(slash + 1);
  if (/^\d+$/u.test(suffix)) return { name, kind: 'version', version: String(Number(suffix)) };
  if (suffix.toLowerCase() === 'latest') return { name, kind: 'latest' };
  return { name, kind: 'stage', stage: suffix };
}
