import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * npm as a user runs it from their shell: without the npm_* variables npm hands the scripts it runs
 * (npm test among them), which would carry the project's settings in from the outside.
 */
function run(command: 'npm' | 'npx', args: string[]) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')),
  );
  return spawnSync(command, args, { cwd: ROOT, env, encoding: 'utf8' });
}

describe("npm around Slipway's own commands", () => {
  it.each([
    { line: 'npm exec --no -- slipway --help', command: 'npm' as const },
    { line: 'npx slipway --help', command: 'npx' as const },
  ])("$line prints only Slipway's output", ({ line, command }) => {
    const result = run(command, line.split(' ').slice(1));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n').filter((text) => /^npm /i.test(text))).toEqual([]);
    expect(result.stdout).toMatch(/^Usage: slipway /);
  });

  it('every dependency install script is approved or denied in package.json', () => {
    const result = run('npm', ['install-scripts', 'ls']);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('No packages with unreviewed install scripts.');
  });

  it("never runs onnxruntime-node's CUDA download", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      allowScripts?: Record<string, boolean>;
    };
    expect(pkg.allowScripts?.['onnxruntime-node']).toBe(false);
    expect(readFileSync(join(ROOT, '.npmrc'), 'utf8')).toMatch(/^onnxruntime-node-install=skip$/m);
    const bin = join(ROOT, 'node_modules/onnxruntime-node/bin/napi-v6/linux/x64');
    if (process.platform === 'linux' && process.arch === 'x64') {
      expect(readdirSync(bin).filter((file) => file.includes('providers_cuda'))).toEqual([]);
    }
  });
});
