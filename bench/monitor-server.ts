// The real server from the built packages, as `slipway server` starts it, for the monitor-serving
// bench: usage `node --import tsx bench/monitor-server.ts <data dir>`. BENCH_MONITOR_THREAD=off turns
// the platform's internal switch (not a server setting) that judges monitor runs inline.
import { loadServerConfig, startServer } from '@slipway/server';

const dataDir = process.argv[2];
if (dataDir === undefined) throw new Error('usage: monitor-server.ts <data dir>');
const config = {
  ...loadServerConfig({ port: 0, dataDir }, { SLIPWAY_LOG_LEVEL: 'warn' }),
  monitorThread: process.env.BENCH_MONITOR_THREAD !== 'off',
};
const running = await startServer(config);
console.log(`listening on ${running.url}`);
process.once('SIGTERM', () => {
  void running.close().then(() => process.exit(0));
});
