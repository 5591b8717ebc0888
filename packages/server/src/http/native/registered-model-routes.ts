import type { FastifyInstance } from 'fastify';
import { nativeRoutes as r } from '@slipway/core';
import type { Platform } from '../../platform.js';
import { requestActor } from '../request-actor.js';
import { bindRoute } from './bind-route.js';
import type { BindOptions } from './bind-route.js';

export function registeredModelRoutes(
  app: FastifyInstance,
  o: BindOptions,
  platform: Platform,
): void {
  const registry = platform.registry;
  bindRoute(app, o, r.createRegisteredModel, async ({ body, request }) => ({
    registeredModel: await registry.createRegisteredModel(body, requestActor(request)),
  }));
  bindRoute(app, o, r.searchRegisteredModels, async ({ query }) =>
    registry.searchRegisteredModels(query),
  );
  bindRoute(app, o, r.getRegisteredModel, async ({ params }) => ({
    registeredModel: await registry.getRegisteredModel(params.name),
  }));
  bindRoute(app, o, r.updateRegisteredModel, async ({ params, body, request }) => {
    const actor = requestActor(request);
    // The contract guarantees exactly one of the two, so each PATCH is one atomic change.
    const registeredModel =
      body.name !== undefined
        ? await registry.renameRegisteredModel(params.name, body.name, actor)
        : await registry.updateRegisteredModel(params.name, body.description, actor);
    return { registeredModel };
  });
  bindRoute(app, o, r.deleteRegisteredModel, async ({ params, request }) => {
    await registry.deleteRegisteredModel(params.name, requestActor(request));
  });
  bindRoute(app, o, r.setRegisteredModelTag, async ({ params, body, request }) => {
    await registry.setRegisteredModelTag(
      params.name,
      { key: params.key, value: body.value },
      requestActor(request),
    );
  });
  bindRoute(app, o, r.deleteRegisteredModelTag, async ({ params, request }) => {
    await registry.deleteRegisteredModelTag(params.name, params.key, requestActor(request));
  });
  bindRoute(app, o, r.getModelHistory, async ({ params, query }) =>
    registry.history(params.name, query),
  );
}
