import { startGrpcServer } from '../../../src/grpc/start-grpc-server.js';
import type { GrpcServerHandle } from '../../../src/grpc/start-grpc-server.js';
import type { InferenceTargetResolver } from '../../../src/serving/protocol/inference-target.js';
import { InferenceClient } from './grpc-client.js';

export interface GrpcHarness {
  server: GrpcServerHandle;
  client: InferenceClient;
  unexpected: unknown[];
  close(): Promise<void>;
}

/** A gRPC server on a free loopback port and a real client connected to it. */
export async function startGrpcHarness(resolver: InferenceTargetResolver): Promise<GrpcHarness> {
  const unexpected: unknown[] = [];
  const server = await startGrpcServer({
    port: 0,
    host: '127.0.0.1',
    resolver,
    onUnexpectedError: (err) => unexpected.push(err),
  });
  const client = new InferenceClient(`127.0.0.1:${server.port}`);
  return {
    server,
    client,
    unexpected,
    async close() {
      client.close();
      await server.close();
    },
  };
}
