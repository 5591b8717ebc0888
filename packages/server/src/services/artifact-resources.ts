import type { ResourceType } from '@slipway/core';

/**
 * Which resource's permission governs a store-relative artifact path: `<experiment id>/...`
 * (runs' and logged models' files) belongs to that experiment, `models/<name>/...` (files staged
 * for registry versions) to that registered model. Anything else belongs to no resource, and
 * only admins may touch it. `path` must already be normalised (checkArtifactPath).
 */
export function artifactOwner(path: string): { type: ResourceType; id: string } | undefined {
  const [first, second] = path.split('/');
  if (first !== undefined && /^\d{1,18}$/u.test(first)) return { type: 'experiment', id: first };
  if (first === 'models' && second !== undefined && second !== '') {
    return { type: 'registered_model', id: second };
  }
  return undefined;
}
