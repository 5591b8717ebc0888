import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { FIXTURE_MODELS_DIR } from './model-fixtures.js';

const DIST_LOADER = fileURLToPath(
  new URL('../../dist/serving/runtime/model-loader.js', import.meta.url),
);
const CHILD = fileURLToPath(new URL('./dist-runtime-child.mjs', import.meta.url));

describe('the compiled runtime', () => {
  it('spawns dist worker files in plain Node', async () => {
    // `npm ci` and `npm test` build first (tsc -b); only a vitest run on an unbuilt tree gets here.
    if (!existsSync(DIST_LOADER)) {
      throw new Error(
        `${DIST_LOADER} is missing: run \`npm run build\` (tsc -b) before this test.`,
      );
    }
    const { stdout } = await promisify(execFile)(process.execPath, [
      CHILD,
      pathToFileURL(DIST_LOADER).href,
      join(FIXTURE_MODELS_DIR, 'breast_cancer_logreg.onnx'),
      join(FIXTURE_MODELS_DIR, 'js-scaler'),
    ]);
    expect(JSON.parse(stdout)).toEqual({
      probabilityShape: [1, 1],
      scaled: [3, 6],
      platforms: ['onnxruntime', 'js'],
    });
  });
});
