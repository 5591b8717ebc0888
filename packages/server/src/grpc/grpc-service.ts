import { Metadata } from '@grpc/grpc-js';
import { ANONYMOUS_CALLER } from '@slipway/core';
import type { Caller } from '@slipway/core';
import type { ServerUnaryCall, UntypedServiceImplementation, sendUnaryData } from '@grpc/grpc-js';
import type { InferenceTargetResolver } from '../serving/protocol/inference-target.js';
import { modelMetadataResponse } from '../serving/protocol/model-metadata.js';
import { requestIdOf, runInference } from '../serving/protocol/run-inference.js';
import { serverMetadataResponse } from '../serving/protocol/server-metadata.js';
import { decodeInferRequest } from './decode-infer-request.js';
import { encodeInferResponse } from './encode-infer-response.js';
import type {
  ModelInferRequestMessage,
  ModelRefMessage,
  RepositoryIndexRequestMessage,
  RepositoryModelRequestMessage,
} from './grpc-messages.js';
import { toGrpcError } from './grpc-status.js';

export interface GrpcServiceOptions {
  resolver: InferenceTargetResolver;
  /**
   * Who a call is from, by its `authorization` metadata (Basic or Bearer, as over HTTP);
   * UNAUTHENTICATED to refuse it. Default: everyone is the anonymous admin (no authentication).
   */
  authenticate?: ((authorization: string | undefined, peer: string) => Promise<Caller>) | undefined;
  /** Called with errors that are not SlipwayErrors (the client only sees a generic INTERNAL). */
  onUnexpectedError?: ((err: unknown) => void) | undefined;
}

const MODEL_VERSION_METADATA = 'x-slipway-model-version';

type Handler<Req> = (call: ServerUnaryCall<Req, unknown>, caller: Caller) => Promise<unknown>;

/** gRPC metadata as the header map targets see (binary `-bin` entries are left out). */
function metadataHeaders(metadata: Metadata): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(metadata.getMap())) {
    if (typeof value === 'string') headers[key] = value;
  }
  return headers;
}

function version(value: string): string | undefined {
  return value === '' ? undefined : value;
}

/** The handlers of inference.GRPCInferenceService, with the same semantics as the REST routes. */
export function createGrpcHandlers(options: GrpcServiceOptions): UntypedServiceImplementation {
  const { resolver } = options;
  const authenticate = options.authenticate ?? (async () => ANONYMOUS_CALLER);
  // Liveness and readiness stay open, as /v2/health/* over HTTP.
  const open =
    <Req>(handler: () => Promise<unknown>) =>
    (_call: ServerUnaryCall<Req, unknown>, callback: sendUnaryData<unknown>): void => {
      handler().then(
        (response) => callback(null, response),
        (err: unknown) => callback(toGrpcError(err).error),
      );
    };
  const unary =
    <Req>(handler: Handler<Req>) =>
    (call: ServerUnaryCall<Req, unknown>, callback: sendUnaryData<unknown>): void => {
      const [authorization] = call.metadata.get('authorization');
      authenticate(typeof authorization === 'string' ? authorization : undefined, call.getPeer())
        .then((caller) => handler(call, caller))
        .then(
          (response) => callback(null, response),
          (err: unknown) => {
            const { error, unexpected } = toGrpcError(err);
            if (unexpected) options.onUnexpectedError?.(err);
            callback(error);
          },
        );
    };
  return {
    ServerLive: open(async () => ({ live: true })),
    ServerReady: open(async () => ({ ready: resolver.serverReady() })),
    ServerMetadata: unary(async () => serverMetadataResponse()),
    ModelReady: unary<ModelRefMessage>(async (call, caller) => {
      const target = await resolver.resolve(
        caller,
        call.request.name,
        version(call.request.version),
      );
      return { ready: target.ready };
    }),
    ModelMetadata: unary<ModelRefMessage>(async (call, caller) => {
      const target = await resolver.resolve(
        caller,
        call.request.name,
        version(call.request.version),
      );
      return modelMetadataResponse(target);
    }),
    ModelInfer: unary<ModelInferRequestMessage>(async (call, caller) => {
      const request = decodeInferRequest(call.request);
      const target = await resolver.resolve(caller, request.modelName, request.modelVersion);
      const id = requestIdOf(request.id);
      const result = await runInference(target, {
        id,
        inputs: request.inputs,
        outputs: request.outputs,
        parameters: request.parameters,
        headers: metadataHeaders(call.metadata),
      });
      if (result.modelVersion !== '') {
        const metadata = new Metadata();
        metadata.set(MODEL_VERSION_METADATA, result.modelVersion);
        call.sendMetadata(metadata);
      }
      return encodeInferResponse(id, request.raw, result);
    }),
    RepositoryIndex: unary<RepositoryIndexRequestMessage>(async (call, caller) => {
      const entries = await resolver.list(caller);
      return {
        models: entries
          .filter((entry) => !call.request.ready || entry.state === 'READY')
          .map((entry) => ({
            name: entry.name,
            version: entry.version ?? '',
            state: entry.state,
            reason: entry.reason ?? '',
          })),
      };
    }),
    RepositoryModelLoad: unary<RepositoryModelRequestMessage>(async (call, caller) => {
      await resolver.load(caller, call.request.model_name);
      return {};
    }),
    RepositoryModelUnload: unary<RepositoryModelRequestMessage>(async (call, caller) => {
      await resolver.unload(caller, call.request.model_name);
      return {};
    }),
  };
}
