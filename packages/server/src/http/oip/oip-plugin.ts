import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type {
  InferenceTarget,
  InferenceTargetResolver,
} from '../../serving/protocol/inference-target.js';
import { checkProtocolInputs } from '../../serving/runtime/enforce-signature.js';
import type { ProtocolDatatypes } from '../../serving/runtime/enforce-signature.js';
import { isClientGone } from '../body-budget.js';
import { healthRoutes } from './health-routes.js';
import { inferRoutes } from './infer-route.js';
import { modelRoutes } from './model-routes.js';
import { toOipErrorReply } from './oip-errors.js';
import type { OipRouteContext } from './oip-route-context.js';
import { repositoryRoutes } from './repository-routes.js';

export interface OipPluginOptions {
  resolver: InferenceTargetResolver;
  /** The largest inference request body in bytes; default: the app's bodyLimit. */
  bodyLimitBytes?: number | undefined;
  /** An input whose datatype differs from the model's: 400 (`strict`, the default) or converted. */
  datatypes?: ProtocolDatatypes | undefined;
}

/**
 * The Open Inference Protocol (KServe v2) over REST under /v2, with the binary tensor data and
 * model repository extensions. Encapsulated: its own body handling (routes read the raw body
 * themselves, because a binary request is JSON followed by tensor bytes) and its own error shape
 * `{ "error": "<message>" }`.
 */
export const oipPlugin: FastifyPluginAsync<OipPluginOptions> = async (app, options) => {
  const context: OipRouteContext = {
    resolver: protocolResolver(options.resolver, options.datatypes ?? 'strict'),
    bodyLimitBytes: options.bodyLimitBytes ?? app.initialConfig.bodyLimit ?? 1024 * 1024,
  };
  await app.register(
    async (v2) => {
      installBodyAndErrors(v2);
      healthRoutes(v2, context);
      modelRoutes(v2, context);
      inferRoutes(v2, context);
      repositoryRoutes(v2, context);
    },
    { prefix: '/v2' },
  );
};

/**
 * The resolver with the protocol's rule on inputs (checkProtocolInputs) in front of every target's
 * inference, against the inputs the target advertises. Shared by REST and gRPC.
 */
export function protocolResolver(
  resolver: InferenceTargetResolver,
  datatypes: ProtocolDatatypes,
): InferenceTargetResolver {
  const guarded = (target: InferenceTarget): InferenceTarget => ({
    name: target.name,
    version: target.version,
    versions: target.versions,
    get ready() {
      return target.ready;
    },
    get metadata() {
      return target.metadata;
    },
    async infer(request) {
      checkProtocolInputs(request.inputs, target.metadata.inputs, datatypes);
      return target.infer(request);
    },
  });
  return {
    resolve: async (caller, name, version) =>
      guarded(await resolver.resolve(caller, name, version)),
    list: (caller) => resolver.list(caller),
    load: (caller, name) => resolver.load(caller, name),
    unload: (caller, name) => resolver.unload(caller, name),
    serverReady: () => resolver.serverReady(),
  };
}

function installBodyAndErrors(v2: FastifyInstance): void {
  v2.removeAllContentTypeParsers();
  // Leave the stream unread: each route reads it with its own limit and parses it exactly once.
  v2.addContentTypeParser('*', (_request, _payload, done) => {
    done(null, undefined);
  });
  v2.setErrorHandler((err, request, reply) => {
    const { status, body, unexpected } = toOipErrorReply(err);
    if (unexpected) {
      if (isClientGone(err, request))
        request.log.info({ err }, 'an inference protocol client went away');
      else request.log.error({ err }, 'unexpected error in an inference protocol request');
    }
    return reply.code(status).type('application/json').send(body);
  });
  v2.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      error: `No route ${request.method} ${request.url.split('?')[0] ?? ''} in the inference protocol.`,
    }),
  );
}
