import { readFileSync } from 'node:fs';

export const SERVER_NAME = 'slipway';
/** The protocol extensions both the REST and gRPC surfaces implement. */
export const SERVER_EXTENSIONS = ['binary_tensor_data', 'model_repository'] as const;

/** `$metadata_server_response`. */
export interface ServerMetadataJson {
  name: string;
  version: string;
  extensions: string[];
}

let packageVersion: string | undefined;

/** The @slipway/server version; package.json sits three levels up from both src/ and dist/. */
function serverVersion(): string {
  if (packageVersion === undefined) {
    const url = new URL('../../../package.json', import.meta.url);
    const manifest = JSON.parse(readFileSync(url, 'utf8')) as { version?: unknown };
    packageVersion = typeof manifest.version === 'string' ? manifest.version : '0.0.0';
  }
  return packageVersion;
}

export function serverMetadataResponse(): ServerMetadataJson {
  return { name: SERVER_NAME, version: serverVersion(), extensions: [...SERVER_EXTENSIONS] };
}
