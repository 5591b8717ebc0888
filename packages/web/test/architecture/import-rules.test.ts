import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const DEPCRUISE = join(ROOT, 'node_modules', '.bin', 'depcruise');

let dir: string | undefined;

afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Runs the repository's import rules over a small tree of files (path -> source). */
function cruise(files: Record<string, string>): { status: number | null; output: string } {
  dir = mkdtempSync(join(tmpdir(), 'slipway-web-import-rules-'));
  for (const name of ['.dependency-cruiser.cjs', 'tsconfig.base.json']) {
    copyFileSync(join(ROOT, name), join(dir, name));
  }
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), source);
  }
  const result = spawnSync(DEPCRUISE, ['packages', '--config', '.dependency-cruiser.cjs'], {
    cwd: dir,
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const W = 'packages/web/src';
const ENTRY = `${W}/node/dist-dir.ts`;
const LEAVES = {
  [ENTRY]: "export const webDistDir = '/x';\n",
  'packages/sdk/src/index.ts': 'export const sdk = 1;\n',
  'packages/core/src/index.ts': 'export const core = 1;\n',
  'packages/server/src/services/service.ts': 'export const s = 1;\n',
  'packages/cli/src/main.ts': 'export const m = 1;\n',
};

describe('the web UI import rules (npm run lint)', () => {
  it('pass a UI that uses the SDK and core, and a server that takes only the dist entry', () => {
    const { status, output } = cruise({
      ...LEAVES,
      [`${W}/pages/page.tsx`]:
        "import { sdk } from '../../../sdk/src/index.js';\nimport { core } from '../../../core/src/index.js';\nexport const Page = () => sdk + core;\n",
      'packages/server/src/server.ts':
        "import { webDistDir } from '../../web/src/node/dist-dir.js';\nexport const d = webDistDir;\n",
    });
    expect(output).toContain('no dependency violations');
    expect(status).toBe(0);
  });

  it('fail when the UI reaches past the SDK, or the server into the UI', () => {
    const { status, output } = cruise({
      ...LEAVES,
      [`${W}/pages/server-page.tsx`]:
        "import { s } from '../../../server/src/services/service.js';\nexport const P = () => s;\n",
      [`${W}/pages/cli-page.tsx`]:
        "import { m } from '../../../cli/src/main.js';\nexport const C = () => m;\n",
      [`${W}/pages/node-page.tsx`]:
        "import { webDistDir } from '../node/dist-dir.js';\nexport const N = () => webDistDir;\n",
      [`${W}/node/helper.ts`]:
        "import { sdk } from '../../../sdk/src/index.js';\nexport const h = sdk;\n",
      'packages/server/src/server.ts':
        "import { Page } from '../../web/src/pages/server-page.js';\nexport const d = Page;\n",
      'packages/sdk/src/ui.ts':
        "import { C } from '../../web/src/pages/cli-page.js';\nexport const u = C;\n",
    });
    expect(status).not.toBe(0);
    for (const rule of [
      'web-talks-through-the-sdk',
      'web-app-stays-in-the-browser',
      'web-node-entry-is-a-leaf',
      'server-takes-only-the-built-ui',
      'sdk-stays-a-client',
    ]) {
      expect(output, rule).toContain(`error ${rule}`);
    }
  });
});
