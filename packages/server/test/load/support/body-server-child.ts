// A real Slipway HTTP server in a process of its own, so its memory can be measured apart from the
// test's clients. Started by body-server.ts with `node --expose-gc --conditions=slipway-source
// --import tsx`; argv[2] is JSON BodyAppSettings. It serves the deployment `bc` (see openBodyApp)
// and answers IPC messages: `stats` -> { rss, budgetUsed, errorLines }, `gc`, `close`.
import { openBodyApp } from './body-app.js';
import type { BodyAppSettings } from './body-app.js';

const server = await openBodyApp(JSON.parse(process.argv[2] ?? '{}') as BodyAppSettings);

process.on('message', (message: { type: string }) => {
  if (message.type === 'gc') {
    (globalThis as { gc?: () => void }).gc?.();
    process.send?.({ type: 'gc' });
  } else if (message.type === 'stats') {
    const memory = process.memoryUsage();
    process.send?.({
      type: 'stats',
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      heapTotal: memory.heapTotal,
      arrayBuffers: memory.arrayBuffers,
      budgetUsed: server.budget.usedBytes,
      errorLines: server.logs.filter((line) => line.level >= 50),
    });
  } else if (message.type === 'close') {
    void server.close().then(() => process.exit(0));
  }
});
process.send?.({ type: 'listening', port: server.port });
