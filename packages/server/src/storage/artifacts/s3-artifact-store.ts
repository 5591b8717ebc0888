import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import type { ListObjectsV2CommandOutput, S3ClientConfig } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { SlipwayError, checkArtifactPath, invalidArgument } from '@slipway/core';
import type { ArtifactFileInfo, ArtifactStore } from '@slipway/core';
import { childArtifactPath, sortByPath } from './artifact-listing.js';
import { isS3NotFound, s3Error } from './s3-errors.js';
import { S3MultipartUploads } from './s3-multipart.js';
import { MIN_PART_SIZE, uploadObject } from './s3-upload.js';

/** How to reach an S3-compatible server. Unset fields fall back to the AWS SDK's own defaults. */
export interface S3ConnectionOptions {
  /** e.g. 'http://127.0.0.1:9000' for MinIO; unset for AWS. */
  endpoint?: string | undefined;
  region?: string | undefined;
  /** Both or neither; when neither, the SDK's default credential chain applies. */
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
  sessionToken?: string | undefined;
  /** Required by most self-hosted servers (MinIO, s3rver): bucket in the path, not the host. */
  forcePathStyle?: boolean | undefined;
  /**
   * 'when_required' sends and checks checksums only where S3 demands them; use it for servers
   * that do not understand the SDK's default CRC checksums. Unset: the SDK default.
   */
  checksums?: 'when_supported' | 'when_required' | undefined;
}

export interface S3ArtifactStoreOptions extends S3ConnectionOptions {
  bucket: string;
  /** Key prefix under which the store lives ('' or unset for the bucket root). */
  prefix?: string | undefined;
  /**
   * Multipart part size in bytes (at least 5 MiB). Default 5 MiB: an upload holds about
   * (uploadConcurrency + 1) parts in memory, plus what the garbage collector has yet to free, so
   * small parts keep a server streaming large artifacts well below their size.
   */
  partSizeBytes?: number | undefined;
  /** Parts uploaded in parallel. Default 4. */
  uploadConcurrency?: number | undefined;
  /** Keys per ListObjectsV2 / DeleteObjects page (1..1000). Default 1000. */
  listPageSize?: number | undefined;
}

const DEFAULT_PART_SIZE = 5 * 1024 * 1024;
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Artifacts as objects under `s3://bucket/prefix/`; directories are key prefixes. */
export class S3ArtifactStore implements ArtifactStore {
  readonly bucket: string;
  readonly prefix: string;
  /** Parts sent by clients to presigned URLs (MLflow's proxied multipart upload). */
  readonly multipart: S3MultipartUploads;
  private readonly client: S3Client;
  private readonly multipartClient: S3Client;
  private readonly partSize: number;
  private readonly concurrency: number;
  private readonly pageSize: number;

  constructor(options: S3ArtifactStoreOptions) {
    if (!BUCKET_NAME.test(options.bucket)) {
      throw invalidArgument(
        `Invalid S3 bucket name ${JSON.stringify(options.bucket)}: use 3-63 lowercase letters, digits, '.' or '-'.`,
      );
    }
    this.bucket = options.bucket;
    this.prefix = checkArtifactPath(options.prefix ?? '', { allowEmpty: true });
    this.partSize = positiveInt(options.partSizeBytes ?? DEFAULT_PART_SIZE, 'partSizeBytes');
    if (this.partSize < MIN_PART_SIZE) {
      throw invalidArgument(`S3 partSizeBytes must be at least ${MIN_PART_SIZE} (5 MiB).`);
    }
    this.concurrency = positiveInt(options.uploadConcurrency ?? 4, 'uploadConcurrency');
    this.pageSize = positiveInt(options.listPageSize ?? 1000, 'listPageSize');
    if (this.pageSize > 1000) throw invalidArgument('S3 listPageSize must be at most 1000.');
    this.client = new S3Client(clientConfig(options));
    this.multipartClient = new S3Client({
      ...clientConfig(options),
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    this.multipart = new S3MultipartUploads({
      client: this.multipartClient,
      bucket: this.bucket,
      keyOf: (rel) => this.key(rel),
    });
  }

  async put(path: string, body: Readable | Uint8Array): Promise<void> {
    const rel = checkArtifactPath(path);
    const key = this.key(rel);
    await uploadObject(this.client, body, {
      bucket: this.bucket,
      key,
      partSize: this.partSize,
      concurrency: this.concurrency,
      describeError: (err) => s3Error(err, `write artifact ${this.location(key)}`),
    });
  }

  async get(path: string): Promise<Readable> {
    const rel = checkArtifactPath(path);
    const key = this.key(rel);
    let body: unknown;
    try {
      body = (await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }))).Body;
    } catch (err) {
      if (isS3NotFound(err) && (err as { name?: string }).name !== 'NoSuchBucket') {
        throw new SlipwayError({
          code: 'NOT_FOUND',
          message: `Artifact ${JSON.stringify(rel)} does not exist (${this.location(key)}).`,
          details: { path: rel },
        });
      }
      throw s3Error(err, `read artifact ${this.location(key)}`);
    }
    return toReadable(body);
  }

  async exists(path: string): Promise<boolean> {
    const key = this.key(checkArtifactPath(path));
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (err) {
      // HeadObject has no body, so a missing bucket is a bare 404 too; put/get/list tell them apart.
      if (isS3NotFound(err)) return false;
      throw s3Error(err, `check artifact ${this.location(key)}`);
    }
  }

  async list(dir: string): Promise<ArtifactFileInfo[]> {
    const rel = checkArtifactPath(dir, { allowEmpty: true });
    const prefix = this.dirPrefix(rel);
    const infos: ArtifactFileInfo[] = [];
    // Some S3-compatible servers repeat a common prefix on consecutive pages.
    const dirs = new Set<string>();
    for await (const page of this.pages(prefix, '/')) {
      for (const object of page.Contents ?? []) {
        const path = childArtifactPath(rel, (object.Key ?? '').slice(prefix.length));
        if (path !== undefined) infos.push({ path, isDir: false, fileSize: object.Size ?? 0 });
      }
      for (const common of page.CommonPrefixes ?? []) {
        const path = childArtifactPath(rel, (common.Prefix ?? '').slice(prefix.length, -1));
        if (path !== undefined && !dirs.has(path)) {
          dirs.add(path);
          infos.push({ path, isDir: true });
        }
      }
    }
    return sortByPath(infos);
  }

  async delete(path: string): Promise<void> {
    const rel = checkArtifactPath(path);
    const key = this.key(rel);
    try {
      // S3 answers 204 for an absent key, so no existence check is needed first.
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (err) {
      throw s3Error(err, `delete artifact ${this.location(key)}`);
    }
    // Continuation tokens are positions in key order, so deleting a page does not disturb them.
    for await (const page of this.pages(`${key}/`, undefined)) {
      const objects = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
      if (objects.length === 0) continue;
      let errors: Array<{ Key?: string | undefined; Message?: string | undefined }> | undefined;
      try {
        errors = (
          await this.client.send(
            new DeleteObjectsCommand({
              Bucket: this.bucket,
              Delete: { Objects: objects, Quiet: true },
            }),
          )
        ).Errors;
      } catch (err) {
        throw s3Error(err, `delete artifacts under ${this.location(`${key}/`)}`);
      }
      if (errors !== undefined && errors.length > 0) {
        const first = errors[0];
        throw new SlipwayError({
          code: 'INTERNAL',
          message: `Cannot delete ${errors.length} artifact(s) under ${this.location(`${key}/`)}, e.g. ${first?.Key ?? '?'}: ${first?.Message ?? 'unknown error'}.`,
          details: { failed: errors.map((e) => e.Key) },
        });
      }
    }
  }

  async close(): Promise<void> {
    this.client.destroy();
    this.multipartClient.destroy();
  }

  private key(rel: string): string {
    if (this.prefix === '') return rel;
    return rel === '' ? this.prefix : `${this.prefix}/${rel}`;
  }

  /** The key prefix of a directory: 'a/b/' for 'a/b', and the store prefix (or '') for the root. */
  private dirPrefix(rel: string): string {
    const key = this.key(rel);
    return key === '' ? '' : `${key}/`;
  }

  private location(key: string): string {
    return `s3://${this.bucket}/${key}`;
  }

  private async *pages(
    prefix: string,
    delimiter: string | undefined,
  ): AsyncGenerator<ListObjectsV2CommandOutput> {
    let token: string | undefined;
    do {
      let page: ListObjectsV2CommandOutput;
      try {
        page = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: prefix,
            MaxKeys: this.pageSize,
            ...(delimiter === undefined ? {} : { Delimiter: delimiter }),
            ...(token === undefined ? {} : { ContinuationToken: token }),
          }),
        );
      } catch (err) {
        throw s3Error(err, `list ${this.location(prefix)}`);
      }
      yield page;
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }
}

function clientConfig(options: S3ConnectionOptions): S3ClientConfig {
  const hasId = options.accessKeyId !== undefined && options.accessKeyId !== '';
  const hasSecret = options.secretAccessKey !== undefined && options.secretAccessKey !== '';
  if (hasId !== hasSecret) {
    throw invalidArgument('Set both the S3 access key id and the secret access key, or neither.');
  }
  const checksums =
    options.checksums === undefined
      ? {}
      : {
          requestChecksumCalculation:
            options.checksums === 'when_required' ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED',
          responseChecksumValidation:
            options.checksums === 'when_required' ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED',
        };
  return {
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.region ? { region: options.region } : {}),
    ...(options.forcePathStyle === undefined ? {} : { forcePathStyle: options.forcePathStyle }),
    ...(hasId
      ? {
          credentials: {
            accessKeyId: options.accessKeyId as string,
            secretAccessKey: options.secretAccessKey as string,
            ...(options.sessionToken ? { sessionToken: options.sessionToken } : {}),
          },
        }
      : {}),
    ...(checksums as Pick<
      S3ClientConfig,
      'requestChecksumCalculation' | 'responseChecksumValidation'
    >),
  };
}

function positiveInt(value: number, name: string): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw invalidArgument(`S3 ${name} must be a positive integer, got ${value}.`);
  }
  return value;
}

/** In Node the SDK returns an http.IncomingMessage; other runtimes give a web stream. */
function toReadable(body: unknown): Readable {
  if (body instanceof Readable) return body;
  if (body === undefined || body === null) return Readable.from([]);
  if (typeof (body as { getReader?: unknown }).getReader === 'function') {
    return Readable.fromWeb(body as WebReadableStream<Uint8Array>);
  }
  throw new SlipwayError({
    code: 'INTERNAL',
    message: 'S3 returned an object body of unknown type.',
  });
}
