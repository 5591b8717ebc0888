// s3rver with the rest of S3's multipart upload API, for multipart-upload.test.ts. s3rver 3.7.1
// answers AbortMultipartUpload with 405, and an upload id it does not know with 500 (complete) or
// a new upload (parts). The middleware below answers both as S3 documents them, over the same
// wire protocol, so the server's abort and its handling of NoSuchUpload can be tested:
// - DELETE /<bucket>/<key>?uploadId=<id>: 204 after removing the upload and its parts;
// - any request naming an upload id that is not in progress for that key: 404 NoSuchUpload.
// Started like s3rver-child.mjs (same arguments and messages).
import { access, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import S3rver from 's3rver';

const [directory, bucketList] = process.argv.slice(2);
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory,
  configureBuckets: (bucketList ?? '')
    .split(',')
    .filter((name) => name !== '')
    .map((name) => ({ name })),
});

function noSuchUpload(ctx, uploadId) {
  ctx.status = 404;
  ctx.type = 'application/xml';
  ctx.body =
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchUpload</Code>' +
    '<Message>The specified upload does not exist. The upload ID may be invalid, or the upload ' +
    `may have been aborted or completed.</Message><UploadId>${uploadId}</UploadId></Error>`;
}

async function uploadKey(uploadDir) {
  try {
    return (await readFile(join(uploadDir, 'key'))).toString();
  } catch {
    return undefined;
  }
}

const multipartUploads = async (ctx, next) => {
  const uploadId = ctx.query.uploadId;
  if (typeof uploadId !== 'string' || !/^[0-9a-f]+$/u.test(uploadId)) return next();
  const [bucket, ...keyParts] = ctx.path.slice(1).split('/');
  const key = keyParts.map(decodeURIComponent).join('/');
  const uploadDir = join(server.store.getResourcePath(bucket, undefined, 'uploads'), uploadId);
  if ((await uploadKey(uploadDir)) !== key) return noSuchUpload(ctx, uploadId);
  if (ctx.method !== 'DELETE') return next();
  await access(uploadDir);
  await rm(uploadDir, { recursive: true, force: true });
  ctx.status = 204;
  ctx.body = null;
};
// Before the router (the last middleware), after request logging and bucket addressing.
server.middleware.splice(server.middleware.length - 1, 0, multipartUploads);

const { port } = await server.run();
server.httpServer.on('request', (req) => {
  process.send?.({ type: 'request', line: `${req.method} ${req.url}` });
});
process.on('message', async (message) => {
  if (message === 'sync') process.send?.({ type: 'synced' });
  if (message === 'stop') {
    await server.close();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready', port });
