// A real server process for crash tests: started with `node --conditions=slipway-source --import tsx`.
// argv: <backendStoreUri> <artifactsDir>. Prints the URL on stdout once listening.
import { loadServerConfig, startServer } from '../../src/index.js';

const [backendStoreUri, artifactsDir] = process.argv.slice(2);
const config = loadServerConfig(
  { port: 0, backendStoreUri, artifactsUri: `file:${artifactsDir}`, logLevel: 'silent' },
  {},
);
const server = await startServer(config);
process.stdout.write(`LISTENING ${server.url}\n`);
