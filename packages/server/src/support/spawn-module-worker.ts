import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** Running from TypeScript sources (vitest, tsx) rather than from compiled dist/*.js. */
const fromSource = import.meta.url.endsWith('.ts');

let tsxApiUrl: string | undefined;

/** tsx's ESM register API, located through its package.json so no loader flag is needed. */
function tsxRegisterUrl(): string {
  if (tsxApiUrl === undefined) {
    const require = createRequire(import.meta.url);
    const packageJsonPath = require.resolve('tsx/package.json');
    const manifest = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as {
      exports: Record<string, { import?: { default?: string } } | string>;
    };
    const entry = manifest.exports['./esm/api'];
    const relative = typeof entry === 'object' ? entry.import?.default : undefined;
    if (relative === undefined) throw new Error('tsx does not export ./esm/api for import');
    tsxApiUrl = pathToFileURL(join(dirname(packageJsonPath), relative)).href;
  }
  return tsxApiUrl;
}

/**
 * Starts the worker thread whose entry module is `name` (no extension) next to `base` (the
 * caller's `import.meta.url`). From compiled JS it runs `name.js` directly. From TypeScript
 * sources, Node 20 applies neither `--import tsx` nor loader hooks of the parent to a worker, so a
 * small bootstrap registers tsx inside the worker first and then imports `name.ts`;
 * `--conditions=slipway-source` makes `@slipway/core` resolve to its sources there too.
 */
export function spawnModuleWorker(base: string, name: string, workerData: unknown): Worker {
  if (!fromSource) {
    return new Worker(new URL(`./${name}.js`, base), { workerData, execArgv: [] });
  }
  const entry = new URL(`./${name}.ts`, base).href;
  const bootstrap = [
    `import(${JSON.stringify(tsxRegisterUrl())})`,
    `.then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`,
  ].join('');
  return new Worker(bootstrap, {
    eval: true,
    workerData,
    execArgv: ['--conditions=slipway-source'],
  });
}
