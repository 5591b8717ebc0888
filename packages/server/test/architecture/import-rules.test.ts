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
  dir = mkdtempSync(join(tmpdir(), 'slipway-import-rules-'));
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

const S = 'packages/server/src';

describe('the import rules (npm run lint)', () => {
  it('pass a tree that keeps the layers', () => {
    const { status, output } = cruise({
      [`${S}/platform.ts`]:
        "import { store } from './storage/sql/store.js';\nexport const p = store;\n",
      [`${S}/storage/sql/store.ts`]:
        "import { clock } from '../../support/clock.js';\nexport const store = clock;\n",
      [`${S}/support/clock.ts`]: 'export const clock = 1;\n',
      [`${S}/services/service.ts`]:
        "import { clock } from '../support/clock.js';\nexport const s = clock;\n",
      [`${S}/http/routes.ts`]: "import { s } from '../services/service.js';\nexport const r = s;\n",
    });
    expect(output).toContain('no dependency violations');
    expect(status).toBe(0);
  });

  it('fail on each layering break the module ADR forbids', () => {
    const { status, output } = cruise({
      [`${S}/platform.ts`]: 'export const p = 1;\n',
      // storage -> services, and back: a break and a cycle
      [`${S}/storage/sql/store.ts`]:
        "import { s } from '../../services/service.js';\nexport const store = s;\n",
      [`${S}/services/service.ts`]:
        "import { store } from '../storage/sql/store.js';\nexport const s = () => store;\n",
      [`${S}/http/routes.ts`]: "import { p } from '../platform.js';\nexport const r = p;\n",
      [`${S}/prediction-log/log.ts`]: "import { x } from '../serving/x.js';\nexport const l = x;\n",
      [`${S}/serving/x.ts`]: 'export const x = 1;\n',
      [`${S}/jobs/job.ts`]: "import { s } from '../services/service.js';\nexport const j = s;\n",
      [`${S}/support/helper.ts`]:
        "import { s } from '../services/service.js';\nexport const h = s;\n",
    });
    expect(status).not.toBe(0);
    for (const rule of [
      'storage-is-primitives',
      'only-the-composition-root-builds-stores',
      'no-circular',
      'surfaces-receive-services',
      'prediction-log-is-its-own-module',
      'jobs-know-no-service',
      'leaves-are-leaves',
    ]) {
      expect(output, rule).toContain(`error ${rule}`);
    }
  });
});
