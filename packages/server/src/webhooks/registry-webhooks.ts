import type { Tag } from '@slipway/core';
import type { RegistryEvent } from '../services/registry-events.js';

const tagMap = (tags: Tag[]) => Object.fromEntries(tags.map((t) => [t.key, t.value]));

/** A registry event as MLflow's webhook payload (webhooks.types), keyed by its event name. */
export function registryWebhookPayload(event: RegistryEvent): Record<string, unknown> {
  switch (event.type) {
    case 'registered_model.created':
      return { name: event.name, tags: tagMap(event.tags), description: event.description || null };
    case 'model_version.created':
      return {
        name: event.name,
        version: event.version,
        source: event.source,
        run_id: event.runId || null,
        tags: tagMap(event.tags),
        description: event.description || null,
      };
    case 'model_version_tag.set':
      return {
        name: event.name,
        version: event.version,
        key: event.tag.key,
        value: event.tag.value,
      };
    case 'model_version_tag.deleted':
      return { name: event.name, version: event.version, key: event.key };
    case 'model_version_alias.created':
      return { name: event.name, alias: event.alias, version: event.version };
    case 'model_version_alias.deleted':
      return { name: event.name, alias: event.alias };
  }
}
