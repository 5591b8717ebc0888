import type { FastifyInstance } from 'fastify';
import { nativeRoutes as r } from '@slipway/core';
import type { RegistryServices } from '../http-services.js';
import { bindRoute } from './bind-route.js';
import type { BindOptions } from './bind-route.js';

export function registeredModelRoutes(
  app: FastifyInstance,
  o: BindOptions,
  { registry }: RegistryServices,
): void {
  bindRoute(app, o, r.createRegisteredModel, async ({ body, caller }) => ({
    registeredModel: await registry.createRegisteredModel(caller, body),
  }));
  bindRoute(app, o, r.searchRegisteredModels, async ({ query, caller }) =>
    registry.searchRegisteredModels(caller, query),
  );
  bindRoute(app, o, r.getRegisteredModel, async ({ params, caller }) => ({
    registeredModel: await registry.getRegisteredModel(caller, params.name),
  }));
  bindRoute(app, o, r.updateRegisteredModel, async ({ params, body, caller }) => {
    // The contract guarantees exactly one of the two, so each PATCH is one atomic change.
    const registeredModel =
      body.name !== undefined
        ? await registry.renameRegisteredModel(caller, params.name, body.name)
        : await registry.updateRegisteredModel(caller, params.name, body.description);
    return { registeredModel };
  });
  bindRoute(app, o, r.deleteRegisteredModel, async ({ params, caller }) => {
    await registry.deleteRegisteredModel(caller, params.name);
  });
  bindRoute(app, o, r.setRegisteredModelTag, async ({ params, body, caller }) => {
    await registry.setRegisteredModelTag(caller, params.name, {
      key: params.key,
      value: body.value,
    });
  });
  bindRoute(app, o, r.deleteRegisteredModelTag, async ({ params, caller }) => {
    await registry.deleteRegisteredModelTag(caller, params.name, params.key);
  });
  bindRoute(app, o, r.getModelHistory, async ({ params, query, caller }) =>
    registry.history(caller, params.name, query),
  );
}
