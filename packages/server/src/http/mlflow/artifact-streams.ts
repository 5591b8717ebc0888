import { Transform } from 'node:stream';
import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { payloadTooLarge } from './mlflow-errors.js';

/** A pass-through that fails once more than `limitBytes` went through, so uploads stay bounded. */
export function limitBytes(limit: number): { stream: Transform; exceeded(): boolean } {
  let seen = 0;
  let over = false;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > limit) {
        over = true;
        callback(payloadTooLarge(limit));
        return;
      }
      callback(null, chunk);
    },
  });
  // The store may attach its listeners late (after opening a file) or not at all if it fails first;
  // an 'error' event with no listener would crash the process. The store still sees the failure.
  stream.on('error', () => undefined);
  return { stream, exceeded: () => over };
}

/** Streams a stored file as MLflow does: an attachment, its type guessed from the name, no sniffing. */
export function sendArtifact(reply: FastifyReply, path: string, body: Readable): FastifyReply {
  const name = path.split('/').pop() || 'artifact';
  return reply
    .header('Content-Disposition', contentDisposition(name))
    .header('X-Content-Type-Options', 'nosniff')
    .type(artifactMimeType(name))
    .send(body);
}

function contentDisposition(name: string): string {
  // Header values must be Latin-1; the RFC 6266 filename* form carries the real UTF-8 name.
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/gu, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

const BY_NAME = new Map([
  ['MLmodel', 'text/plain'],
  ['MLproject', 'text/plain'],
]);

// A Map, not an object literal: a file named "x.constructor" must not find Object's prototype.
const BY_EXTENSION = new Map(
  Object.entries({
    txt: 'text/plain',
    log: 'text/plain',
    py: 'text/plain',
    yaml: 'text/plain',
    yml: 'text/plain',
    toml: 'text/plain',
    cfg: 'text/plain',
    ini: 'text/plain',
    md: 'text/markdown',
    csv: 'text/csv',
    tsv: 'text/tab-separated-values',
    html: 'text/html',
    htm: 'text/html',
    js: 'text/javascript',
    json: 'application/json',
    geojson: 'application/geo+json',
    xml: 'application/xml',
    pdf: 'application/pdf',
    zip: 'application/zip',
    gz: 'application/gzip',
    tar: 'application/x-tar',
    png: 'image/png',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    gif: 'image/gif',
    bmp: 'image/bmp',
    webp: 'image/webp',
    svg: 'image/svg+xml',
    tif: 'image/tiff',
    tiff: 'image/tiff',
    mp3: 'audio/mpeg',
    wav: 'audio/wav',
    mp4: 'video/mp4',
  }),
);

export function artifactMimeType(fileName: string): string {
  const byName = BY_NAME.get(fileName);
  if (byName) return byName;
  const dot = fileName.lastIndexOf('.');
  const ext = dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
  return BY_EXTENSION.get(ext) ?? 'application/octet-stream';
}
