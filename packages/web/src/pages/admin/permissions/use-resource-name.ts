import { useQuery } from '@tanstack/react-query';
import type { ResourceType } from '@slipway/core';
import { adminKeys } from '../../../api/admin-keys.js';
import { useSignedIn } from '../../../session/use-session.js';

/**
 * What to call a resource: models and deployments are granted by name, experiments by id, so an
 * experiment's name is looked up (its id stands in while loading or when it cannot be read).
 */
export function useResourceName(type: ResourceType, resourceId: string): string {
  const { client } = useSignedIn();
  const experiment = useQuery({
    queryKey: adminKeys.resources.experimentName(resourceId),
    queryFn: async () => (await client.experiments.get(resourceId)).name,
    enabled: type === 'experiment',
  });
  if (type !== 'experiment') return resourceId;
  return experiment.data === undefined ? `id ${resourceId}` : experiment.data;
}
