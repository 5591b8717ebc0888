import { credentials } from '@grpc/grpc-js';
import type { Client, Metadata, ServiceError } from '@grpc/grpc-js';
import { inferenceService } from '../../../src/grpc/load-proto.js';

export interface UnaryResult<T> {
  response: T;
  /** Initial metadata the server sent (e.g. x-slipway-model-version). */
  metadata: Metadata | undefined;
}

type UnaryMethod = (
  request: unknown,
  callback: (err: ServiceError | null, response: unknown) => void,
) => { on(event: 'metadata', listener: (metadata: Metadata) => void): void };

/** A dynamic @grpc/grpc-js client of inference.GRPCInferenceService, loaded with proto-loader. */
export class InferenceClient {
  readonly client: Client;

  constructor(address: string) {
    const Service = inferenceService();
    this.client = new Service(address, credentials.createInsecure());
  }

  call<T = Record<string, unknown>>(method: string, request: unknown): Promise<UnaryResult<T>> {
    const fn = (this.client as unknown as Record<string, UnaryMethod>)[method];
    if (fn === undefined) throw new Error(`no method ${method}`);
    return new Promise((resolve, reject) => {
      let metadata: Metadata | undefined;
      const call = fn.call(this.client, request, (err, response) => {
        if (err) reject(err);
        else resolve({ response: response as T, metadata });
      });
      call.on('metadata', (received) => {
        metadata = received;
      });
    });
  }

  /** Resolves with the status code of a failed call (fails the test if the call succeeds). */
  async failure(method: string, request: unknown): Promise<ServiceError> {
    try {
      await this.call(method, request);
    } catch (err) {
      return err as ServiceError;
    }
    throw new Error(`${method} succeeded but an error was expected`);
  }

  close(): void {
    this.client.close();
  }
}
