import { startS3rver } from './s3rver-server.js';
import type { RunningS3rver } from './s3rver-server.js';

/**
 * startS3rver, with AbortMultipartUpload and NoSuchUpload answered as S3 does (see
 * s3rver-uploads-child.mjs): what the proxied multipart upload needs beyond s3rver 3.7.1.
 */
export function startS3rverWithUploads(buckets: string[]): Promise<RunningS3rver> {
  return startS3rver(buckets, './s3rver-uploads-child.mjs');
}
