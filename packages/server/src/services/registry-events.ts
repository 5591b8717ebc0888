import type { Tag } from '@slipway/core';

/** Registry changes others react to (webhooks), raised once committed. */
export type RegistryEvent =
  | { type: 'registered_model.created'; name: string; description: string; tags: Tag[] }
  | {
      type: 'model_version.created';
      name: string;
      version: string;
      source: string;
      runId: string;
      description: string;
      tags: Tag[];
    }
  | { type: 'model_version_tag.set'; name: string; version: string; tag: Tag }
  | { type: 'model_version_tag.deleted'; name: string; version: string; key: string }
  | { type: 'model_version_alias.created'; name: string; alias: string; version: string }
  | { type: 'model_version_alias.deleted'; name: string; alias: string };

export type RegistryEventListener = (event: RegistryEvent) => void;

/**
 * Hands registry events to a listener connected later (webhooks are built after the registry);
 * a listener that throws is ignored, never failing the change that raised the event.
 */
export class RegistryEventRelay {
  private listener: RegistryEventListener | undefined;

  connect(listener: RegistryEventListener): void {
    this.listener = listener;
  }

  emit(event: RegistryEvent): void {
    try {
      this.listener?.(event);
    } catch {
      // The change is committed; a failing listener must not turn it into an error.
    }
  }
}
