import type { ResourceType } from '@slipway/core';
import type { SlipwayClient } from '@slipway/sdk';
import { nameContains } from '../shared/name-contains.js';

/** A resource the picker offers: the id the permission routes take, and what the user reads. */
export interface ResourceMatch {
  id: string;
  name: string;
}

/** Enough to pick from; a longer name narrows the list. */
const LIMIT = 25;

/**
 * Experiments, registered models, deployments, datasets or pipelines whose name contains `text`
 * (all, for no text), by name. Experiments are granted by id, the others by name.
 */
export async function searchResources(
  client: SlipwayClient,
  type: ResourceType,
  text: string,
): Promise<ResourceMatch[]> {
  const filter = nameContains(text);
  switch (type) {
    case 'experiment': {
      const page = await client.experiments.search({
        ...(filter === undefined ? {} : { filter }),
        orderBy: ['name ASC'],
        maxResults: LIMIT,
      });
      return page.experiments.map((e) => ({ id: e.experimentId, name: e.name }));
    }
    case 'registered_model': {
      const page = await client.models.search({
        ...(filter === undefined ? {} : { filter }),
        orderBy: ['name ASC'],
        maxResults: LIMIT,
      });
      return page.registeredModels.map((m) => ({ id: m.name, name: m.name }));
    }
    case 'deployment': {
      // The deployments list is not searchable on the server, and is short: filtered here.
      const needle = text.trim().toLowerCase();
      return (await client.deployments.list())
        .filter((d) => d.name.toLowerCase().includes(needle))
        .sort((a, b) => a.name.localeCompare(b.name))
        .slice(0, LIMIT)
        .map((d) => ({ id: d.name, name: d.name }));
    }
    case 'dataset': {
      // Listed by name in pages; the first few hundred are enough to pick from.
      const needle = text.trim().toLowerCase();
      const { datasets } = await client.datasets.list({ maxResults: 500 });
      return datasets
        .filter((d) => d.name.toLowerCase().includes(needle))
        .slice(0, LIMIT)
        .map((d) => ({ id: d.name, name: d.name }));
    }
    case 'pipeline': {
      // As datasets: listed by name in pages, the first few hundred filtered here.
      const needle = text.trim().toLowerCase();
      const { pipelines } = await client.pipelines.listPipelines({ maxResults: 500 });
      return pipelines
        .filter((p) => p.name.toLowerCase().includes(needle))
        .slice(0, LIMIT)
        .map((p) => ({ id: p.name, name: p.name }));
    }
  }
}
