import { fileURLToPath } from 'node:url';
import { loadPackageDefinition } from '@grpc/grpc-js';
import type { GrpcObject, ServiceClientConstructor, ServiceDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

/**
 * The .proto ships in the package's proto/ directory, two levels above both src/grpc and
 * dist/grpc, so the same relative URL works from sources and from the build.
 */
export const PROTO_PATH = fileURLToPath(
  new URL('../../proto/grpc_predict_v2.proto', import.meta.url),
);

/**
 * How decoded messages look: field names as in the .proto, 64-bit integers as decimal strings
 * (exact, unlike numbers), bytes as Buffers, every field present with its default, and the name of
 * the set member of each oneof (`parameter_choice`).
 */
export const PROTO_LOADER_OPTIONS = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
  arrays: true,
} as const;

let cached: ServiceClientConstructor | undefined;

/** The inference.GRPCInferenceService definition (also a client constructor, for tests and tools). */
export function inferenceService(): ServiceClientConstructor {
  if (cached === undefined) {
    const definition = loadSync(PROTO_PATH, PROTO_LOADER_OPTIONS);
    const inference = loadPackageDefinition(definition).inference as GrpcObject;
    cached = inference.GRPCInferenceService as ServiceClientConstructor;
  }
  return cached;
}

export function inferenceServiceDefinition(): ServiceDefinition {
  return inferenceService().service;
}
