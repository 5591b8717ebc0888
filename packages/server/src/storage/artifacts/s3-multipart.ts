import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { SlipwayError, checkArtifactPath, invalidArgument } from '@slipway/core';
import type { ArtifactStore } from '@slipway/core';
import { s3Error } from './s3-errors.js';
import { MAX_PARTS } from './s3-upload.js';

// The core types, named through the interface (core's index exports ArtifactStore only).
type MultipartArtifactUploads = NonNullable<ArtifactStore['multipart']>;
type MultipartUpload = Awaited<ReturnType<MultipartArtifactUploads['create']>>;
type MultipartUploadPart = Parameters<MultipartArtifactUploads['complete']>[2][number];

/** How long a part URL stays valid: an hour, as MLflow's S3 repository (boto3's default). */
export const PART_URL_SECONDS = 3600;

/** S3's answers to a complete request that the client got wrong (so a 400, not a server error). */
const CLIENT_MISTAKES = new Set([
  'EntityTooSmall',
  'InvalidPart',
  'InvalidPartOrder',
  'InvalidArgument',
  'MalformedXML',
]);

export interface S3MultipartOptions {
  /**
   * A client that adds checksums only where S3 requires them. With the SDK's default (a CRC32 of
   * every request body) a presigned UploadPart URL would carry the checksum of an empty body, and
   * S3 refuses the part's real bytes against it.
   */
  client: S3Client;
  bucket: string;
  /** The object key of a store-relative path. */
  keyOf: (path: string) => string;
}

/**
 * Multipart uploads whose parts clients PUT straight to S3 through presigned UploadPart URLs,
 * as MLflow's S3 artifact repository hands them out: the server only starts, completes and
 * aborts the upload, so the bytes never pass through it.
 */
export class S3MultipartUploads implements MultipartArtifactUploads {
  constructor(private readonly options: S3MultipartOptions) {}

  async create(path: string, numParts: number): Promise<MultipartUpload> {
    const { client, bucket } = this.options;
    const key = this.key(path);
    if (!Number.isInteger(numParts) || numParts < 1 || numParts > MAX_PARTS) {
      throw invalidArgument(
        `A multipart upload has 1 to ${MAX_PARTS} parts (S3's limit), not ${numParts}.`,
      );
    }
    const created = await this.send(`start a multipart upload to ${this.location(key)}`, () =>
      client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key })),
    );
    const uploadId = created.UploadId;
    if (uploadId === undefined || uploadId === '') {
      throw new SlipwayError({
        code: 'UNAVAILABLE',
        message: `S3 did not return an upload id for ${this.location(key)}.`,
      });
    }
    try {
      const credentials = [];
      // Signing is local (no request to S3), so the URLs are made one after the other.
      for (let partNumber = 1; partNumber <= numParts; partNumber += 1) {
        const url = await getSignedUrl(
          client,
          new UploadPartCommand({
            Bucket: bucket,
            Key: key,
            UploadId: uploadId,
            PartNumber: partNumber,
          }),
          { expiresIn: PART_URL_SECONDS },
        );
        credentials.push({ partNumber, url, headers: {} });
      }
      return { uploadId, credentials };
    } catch (err) {
      // Nobody can use an upload without its URLs: do not leave it open.
      await client
        .send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }))
        .catch(() => undefined);
      throw s3Error(err, `sign part URLs for ${this.location(key)}`);
    }
  }

  async complete(
    path: string,
    uploadId: string,
    parts: readonly MultipartUploadPart[],
  ): Promise<void> {
    const { client, bucket } = this.options;
    const key = this.key(path);
    checkUploadId(uploadId);
    const sorted = checkParts(parts);
    await this.send(
      `complete multipart upload ${uploadId} of ${this.location(key)}`,
      () =>
        client.send(
          new CompleteMultipartUploadCommand({
            Bucket: bucket,
            Key: key,
            UploadId: uploadId,
            MultipartUpload: {
              Parts: sorted.map((part) => ({ PartNumber: part.partNumber, ETag: part.etag })),
            },
          }),
        ),
      { path, uploadId },
    );
  }

  async abort(path: string, uploadId: string): Promise<void> {
    const { client, bucket } = this.options;
    const key = this.key(path);
    checkUploadId(uploadId);
    await this.send(
      `abort multipart upload ${uploadId} of ${this.location(key)}`,
      () =>
        client.send(
          new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }),
        ),
      { path, uploadId },
    );
  }

  private key(path: string): string {
    return this.options.keyOf(checkArtifactPath(path));
  }

  private location(key: string): string {
    return `s3://${this.options.bucket}/${key}`;
  }

  /** Runs one S3 call; an unknown upload id is NOT_FOUND and the client's mistakes are 400s. */
  private async send<T>(
    action: string,
    call: () => Promise<T>,
    upload?: { path: string; uploadId: string },
  ): Promise<T> {
    try {
      return await call();
    } catch (err) {
      const name = (err as { name?: unknown } | null)?.name;
      if (upload !== undefined && name === 'NoSuchUpload') {
        throw new SlipwayError({
          code: 'NOT_FOUND',
          message: `No multipart upload ${upload.uploadId} is in progress for '${upload.path}': it was completed, aborted, or started for another path.`,
          details: { path: upload.path, uploadId: upload.uploadId },
        });
      }
      if (typeof name === 'string' && CLIENT_MISTAKES.has(name)) {
        const reason = (err as { message?: unknown }).message;
        throw invalidArgument(
          `Cannot ${action}: ${name}${typeof reason === 'string' && reason !== '' ? ` (${reason})` : ''}.`,
          { s3Error: name },
        );
      }
      throw s3Error(err, action);
    }
  }
}

function checkUploadId(uploadId: string): void {
  if (uploadId === '') throw invalidArgument('The upload id is missing.');
}

/** The parts in part-number order; each number once, each with the ETag its PUT answered. */
function checkParts(parts: readonly MultipartUploadPart[]): MultipartUploadPart[] {
  if (parts.length === 0) throw invalidArgument('A multipart upload needs at least one part.');
  const seen = new Set<number>();
  for (const part of parts) {
    const { partNumber, etag } = part;
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PARTS) {
      throw invalidArgument(`Part number ${partNumber} is not between 1 and ${MAX_PARTS}.`);
    }
    if (seen.has(partNumber)) throw invalidArgument(`Part ${partNumber} is listed twice.`);
    seen.add(partNumber);
    if (etag === '') throw invalidArgument(`Part ${partNumber} has no ETag.`);
  }
  return [...parts].sort((a, b) => a.partNumber - b.partNumber);
}
