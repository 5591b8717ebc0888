import type { ResourceType } from '@slipway/core';

/**
 * Which experiment's permission governs a store-relative artifact path: `<experiment id>/...`
 * holds the files of that experiment's runs and logged models. Anything else (version uploads
 * under `models/`, other folders) belongs to no experiment, and only admins may use it through
 * the artifact proxy. `path` must already be normalised (checkArtifactPath).
 */
export function artifactOwner(path: string): { type: ResourceType; id: string } | undefined {
  const [first] = path.split('/');
  if (first !== undefined && /^\d{1,18}$/u.test(first)) return { type: 'experiment', id: first };
  return undefined;
}

/**
 * The registered model whose version uploads a path lies under: `models/<encoded name>/...`
 * (see modelUploadLocation). Undefined elsewhere, or for a segment that is not valid encoding.
 */
export function uploadModelOf(path: string): string | undefined {
  const [first, second] = path.split('/');
  if (first !== 'models' || second === undefined || second === '') return undefined;
  try {
    return decodeURIComponent(second);
  } catch {
    return undefined;
  }
}
