import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import type { CompletedPart, S3Client, UploadPartCommandOutput } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { SlipwayError } from '@slipway/core';
import { chunkStream } from './chunk-stream.js';

/** S3's limits: parts other than the last are at least 5 MiB, and there are at most 10,000. */
export const MIN_PART_SIZE = 5 * 1024 * 1024;
export const MAX_PARTS = 10_000;

export interface UploadOptions {
  bucket: string;
  key: string;
  partSize: number;
  /** Parts uploaded at once; memory use is about (concurrency + 1) x partSize. */
  concurrency: number;
  /** Turns an S3 client error into the error to throw (errors of the source pass unchanged). */
  describeError: (err: unknown) => unknown;
}

/**
 * Uploads a body of any (also unknown) length. Up to one part it is a single PutObject; beyond
 * that a multipart upload, cut from the stream one part at a time so memory stays bounded. Both
 * are atomic on S3's side: the object appears only when PutObject or CompleteMultipartUpload
 * succeeds, and a failed multipart upload is aborted so its parts are not kept (and billed).
 */
export async function uploadObject(
  client: S3Client,
  body: Readable | Uint8Array,
  options: UploadOptions,
): Promise<void> {
  const source = body instanceof Uint8Array ? Readable.from([body]) : body;
  const chunks = chunkStream(source, options.partSize);
  try {
    const first = await chunks.next();
    const second = first.done ? first : await chunks.next();
    if (first.done || second.done) {
      const bytes = first.done ? Buffer.alloc(0) : first.value;
      await send(options, () =>
        client.send(
          new PutObjectCommand({
            Bucket: options.bucket,
            Key: options.key,
            Body: bytes,
            ContentLength: bytes.length,
          }),
        ),
      );
      return;
    }
    await uploadMultipart(client, chunks, [first.value, second.value], options);
  } finally {
    // Stops and destroys the source if we gave up before reading it to the end.
    await chunks.return(undefined);
  }
}

async function uploadMultipart(
  client: S3Client,
  chunks: AsyncGenerator<Buffer, void, undefined>,
  firstParts: Buffer[],
  options: UploadOptions,
): Promise<void> {
  const { bucket, key } = options;
  const created = await send(options, () =>
    client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key })),
  );
  const uploadId = created.UploadId;
  if (uploadId === undefined) {
    throw new SlipwayError({
      code: 'UNAVAILABLE',
      message: `S3 did not return an upload id for s3://${bucket}/${key}.`,
    });
  }
  const completed: CompletedPart[] = [];
  const inFlight = new Set<Promise<void>>();
  // An object, not a bare `let`, so TypeScript does not narrow it across the awaits below.
  const failure: { error?: unknown; failed: boolean } = { failed: false };

  // Part promises never reject (the first error is kept in `failure`), so nothing is left
  // unhandled while the loop is waiting on the source instead of on them.
  const start = (bytes: Buffer, partNumber: number): void => {
    const task: Promise<void> = send(options, () =>
      client.send(
        new UploadPartCommand({
          Bucket: bucket,
          Key: key,
          UploadId: uploadId,
          PartNumber: partNumber,
          Body: bytes,
          ContentLength: bytes.length,
        }),
      ),
    )
      .then((output) => {
        completed.push(completedPart(partNumber, output));
      })
      .catch((error: unknown) => {
        if (!failure.failed) {
          failure.failed = true;
          failure.error = error;
        }
      })
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
  };

  try {
    let partNumber = 0;
    for (const bytes of firstParts) start(bytes, ++partNumber);
    for (;;) {
      while (inFlight.size >= options.concurrency && !failure.failed) {
        await Promise.race(inFlight);
      }
      if (failure.failed) throw failure.error;
      const next = await chunks.next();
      if (next.done) break;
      if (partNumber >= MAX_PARTS) throw tooLarge(bucket, key, options.partSize);
      start(next.value, ++partNumber);
    }
    await Promise.all(inFlight);
    if (failure.failed) throw failure.error;
    completed.sort((a, b) => (a.PartNumber ?? 0) - (b.PartNumber ?? 0));
    await send(options, () =>
      client.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: completed },
        }),
      ),
    );
  } catch (err) {
    await Promise.all(inFlight);
    // Best effort: the original error matters more, and a bucket lifecycle rule is the backstop.
    await client
      .send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }))
      .catch(() => undefined);
    throw err;
  }
}

/**
 * When the SDK adds flexible checksums to parts, S3 requires the same checksums in the complete
 * request, so every checksum the part response carried is passed on.
 */
function completedPart(partNumber: number, output: UploadPartCommandOutput): CompletedPart {
  return {
    PartNumber: partNumber,
    ETag: output.ETag,
    ...(output.ChecksumCRC32 ? { ChecksumCRC32: output.ChecksumCRC32 } : {}),
    ...(output.ChecksumCRC32C ? { ChecksumCRC32C: output.ChecksumCRC32C } : {}),
    ...(output.ChecksumCRC64NVME ? { ChecksumCRC64NVME: output.ChecksumCRC64NVME } : {}),
    ...(output.ChecksumSHA1 ? { ChecksumSHA1: output.ChecksumSHA1 } : {}),
    ...(output.ChecksumSHA256 ? { ChecksumSHA256: output.ChecksumSHA256 } : {}),
  };
}

async function send<T>(options: UploadOptions, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw options.describeError(err);
  }
}

function tooLarge(bucket: string, key: string, partSize: number): SlipwayError {
  return new SlipwayError({
    code: 'PAYLOAD_TOO_LARGE',
    message:
      `Artifact s3://${bucket}/${key} is larger than ${MAX_PARTS} parts of ${partSize} bytes; ` +
      'raise the S3 part size to store it.',
  });
}
