import type { FastifyPluginAsync } from 'fastify';
import type { ApiPluginOptions } from '../plugin-options.js';

/** Native API under /api/v1 and its OpenAPI document at /api/openapi.json. */
export const nativePlugin: FastifyPluginAsync<ApiPluginOptions> = async (_app, _options) => {};
