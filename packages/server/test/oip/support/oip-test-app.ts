import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildHttpApp } from '../../../src/http/build-app.js';
import { oipPlugin } from '../../../src/http/oip/oip-plugin.js';
import type { InferenceTargetResolver } from '../../../src/serving/protocol/inference-target.js';
import { openPlatform } from '../../../src/platform.js';

export interface OipTestApp {
  app: FastifyInstance;
  /** http://127.0.0.1:<port> of the listening server. */
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * The real HTTP app (as buildHttpApp builds it, on a throwaway SQLite platform) with the OIP plugin
 * registered, listening on a real loopback port so requests cross a real socket.
 */
export async function startOipTestApp(
  resolver: InferenceTargetResolver,
  options: { bodyLimitBytes?: number } = {},
): Promise<OipTestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'slipway-oip-'));
  const platform = await openPlatform({
    backendStoreUri: `sqlite:${join(dir, 'db')}`,
    artifactsUri: `file:${join(dir, 'artifacts')}`,
    dbPoolSize: 2,
    s3Region: 'us-east-1',
    s3ForcePathStyle: true,
  });
  const app = await buildHttpApp(platform, {
    bodyLimitBytes: options.bodyLimitBytes ?? 1024 * 1024,
    artifactLimitBytes: 1024 * 1024,
    logLevel: 'silent',
  });
  await app.register(oipPlugin, { resolver });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      try {
        await app.close();
        await platform.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export interface BinaryResponse {
  status: number;
  headers: Headers;
  /** The JSON part (the whole body without Inference-Header-Content-Length). */
  json: Record<string, unknown>;
  /** The raw JSON text, to check digits JSON.parse would round. */
  text: string;
  /** The bytes after the JSON part. */
  binary: Buffer;
}

/** Splits a response the way a binary-extension client does. */
export async function readInferResponse(response: Response): Promise<BinaryResponse> {
  const body = Buffer.from(await response.arrayBuffer());
  const header = response.headers.get('inference-header-content-length');
  const length = header === null ? body.length : Number(header);
  const text = body.toString('utf8', 0, length);
  return {
    status: response.status,
    headers: response.headers,
    json: JSON.parse(text) as Record<string, unknown>,
    text,
    binary: body.subarray(length),
  };
}

/** A binary-extension request body: JSON header then the tensor bytes, and its header length. */
export function binaryBody(
  json: unknown,
  tensors: readonly Buffer[],
): { body: Buffer; headerLength: number } {
  const header = Buffer.from(JSON.stringify(json), 'utf8');
  return { body: Buffer.concat([header, ...tensors]), headerLength: header.length };
}
