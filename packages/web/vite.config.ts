import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { promisify } from 'node:util';
import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';
import type { Plugin } from 'vite';

const ROOT = fileURLToPath(new URL('.', import.meta.url));
const OUT_DIR = join(ROOT, 'dist', 'app');

/** The browser bundle must not need Node: a `node:` import anywhere in the graph fails the build. */
function refuseNodeBuiltins(): Plugin {
  return {
    name: 'slipway-refuse-node-builtins',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source.startsWith('node:')) {
        this.error(
          `${importer ?? 'an entry'} imports ${source}: the web UI runs in browsers only.`,
        );
      }
      return null;
    },
  };
}

/**
 * Writes .br and .gz next to each script and style, which the server sends to browsers that accept
 * them (@fastify/static's preCompressed), so nothing is compressed per request.
 */
function precompress(): Plugin {
  const brotli = promisify(brotliCompress);
  const gz = promisify(gzip);
  return {
    name: 'slipway-precompress',
    apply: 'build',
    async closeBundle() {
      const dir = join(OUT_DIR, 'assets');
      const files = (await readdir(dir)).filter((f) => /\.(js|css|svg)$/u.test(f));
      await Promise.all(
        files.map(async (file) => {
          const data = await readFile(join(dir, file));
          if (data.length < 1024) return;
          const params = { [constants.BROTLI_PARAM_QUALITY]: 9 };
          await writeFile(join(dir, `${file}.br`), await brotli(data, { params }));
          await writeFile(join(dir, `${file}.gz`), await gz(data, { level: 9 }));
        }),
      );
    },
  };
}

export default defineConfig({
  root: ROOT,
  plugins: [refuseNodeBuiltins(), react(), precompress()],
  resolve: {
    // Workspace packages from their TypeScript sources (as in the tests), so the UI builds
    // without waiting for tsc's output and never picks up a stale dist.
    conditions: ['slipway-source', ...defaultClientConditions],
  },
  build: {
    outDir: OUT_DIR,
    emptyOutDir: true,
    target: 'es2022',
    // Printed per file by the build, with gzip sizes. The budget that matters is the first page's,
    // 300 kB gzipped, checked in a browser test; the entry (React, the router, the SDK and its
    // zod contract) is about 160 kB of that, over Vite's 500 kB-minified warning.
    reportCompressedSize: true,
    chunkSizeWarningLimit: 1024,
  },
});
