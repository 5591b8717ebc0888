import { PERMISSIONS, RESOURCE_TYPES } from '@slipway/core';
import type { ResourceType } from '@slipway/core';

/** How each resource type is named on the page. */
export const RESOURCE_OPTIONS: ReadonlyArray<{
  type: ResourceType;
  label: string;
  plural: string;
}> = [
  { type: 'experiment', label: 'Experiment', plural: 'experiments' },
  { type: 'registered_model', label: 'Registered model', plural: 'registered models' },
  { type: 'deployment', label: 'Deployment', plural: 'deployments' },
  { type: 'dataset', label: 'Dataset', plural: 'datasets' },
  { type: 'pipeline', label: 'Pipeline', plural: 'pipelines' },
];

/** The URL's `type`, experiment when absent or unknown. */
export function resourceTypeParam(raw: string | null): ResourceType {
  return RESOURCE_TYPES.find((t) => t === raw) ?? 'experiment';
}

export function resourceTypeLabel(type: ResourceType): string {
  return RESOURCE_OPTIONS.find((o) => o.type === type)?.label ?? type;
}

/** The levels as the API names them; the page's lead says what each allows. */
export const LEVEL_OPTIONS = PERMISSIONS.map((level) => ({ level, label: level }));
