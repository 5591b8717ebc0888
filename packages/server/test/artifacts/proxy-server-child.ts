// A real server in a process of its own, for large-artifact-streaming.test.ts to watch its memory.
// Started with `node --conditions=slipway-source --import tsx`; argv: the server flags as JSON
// (dataDir, artifactsUri, s3EndpointUrl, ...). Prints `LISTENING <url>` on stdout once listening.
import { loadServerConfig, startServer } from '../../src/index.js';

const flags = JSON.parse(process.argv[2] ?? '{}') as Record<string, unknown>;
const config = loadServerConfig({ port: 0, host: '127.0.0.1', logLevel: 'warn', ...flags }, {});
const server = await startServer(config);
process.stdout.write(`LISTENING ${server.url}\n`);
const stop = () => {
  void server.close().then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
