import { Server, ServerCredentials } from '@grpc/grpc-js';
import type { InferenceTargetResolver } from '../serving/protocol/inference-target.js';
import { createGrpcHandlers } from './grpc-service.js';
import type { GrpcServiceOptions } from './grpc-service.js';
import { inferenceServiceDefinition } from './load-proto.js';

export interface GrpcServerOptions {
  /** 0 picks a free port (see the returned `port`). */
  port: number;
  /** Default 127.0.0.1. */
  host?: string | undefined;
  resolver: InferenceTargetResolver;
  /** Who a call is from (see GrpcServiceOptions.authenticate); default: no authentication. */
  authenticate?: GrpcServiceOptions['authenticate'];
  /** Largest request and response message; default 64 MiB (gRPC's own default is 4 MiB). */
  maxMessageBytes?: number | undefined;
  /** How long close() waits for in-flight calls before cancelling them; default 10 s. */
  closeGraceMs?: number | undefined;
  onUnexpectedError?: ((err: unknown) => void) | undefined;
}

export interface GrpcServerHandle {
  port: number;
  close(): Promise<void>;
}

const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/** Serves inference.GRPCInferenceService (the Open Inference Protocol over gRPC), plaintext. */
export async function startGrpcServer(options: GrpcServerOptions): Promise<GrpcServerHandle> {
  const maxBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const server = new Server({
    'grpc.max_receive_message_length': maxBytes,
    'grpc.max_send_message_length': maxBytes,
  });
  server.addService(
    inferenceServiceDefinition(),
    createGrpcHandlers({
      resolver: options.resolver,
      authenticate: options.authenticate,
      onUnexpectedError: options.onUnexpectedError,
    }),
  );
  const host = options.host ?? '127.0.0.1';
  const address = host.includes(':') ? `[${host}]:${options.port}` : `${host}:${options.port}`;
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(address, ServerCredentials.createInsecure(), (err, bound) => {
      if (err) reject(err);
      else resolve(bound);
    });
  });
  let closing: Promise<void> | undefined;
  const graceMs = options.closeGraceMs ?? 10_000;
  return {
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.forceShutdown(), graceMs);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      return closing;
    },
  };
}
