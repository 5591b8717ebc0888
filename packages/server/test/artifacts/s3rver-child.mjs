// Runs s3rver in its own process. s3rver 3.7 encrypts ListObjectsV2 continuation tokens with DES,
// which Node 17+ (OpenSSL 3) refuses unless started with --openssl-legacy-provider; a child
// process can get that flag without changing how the test runner itself starts.
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
// If the test process dies, do not linger.
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready', port });
