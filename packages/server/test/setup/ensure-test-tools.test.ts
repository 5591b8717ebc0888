import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../../../scripts/ensure-test-tools.mjs', import.meta.url));
const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A PATH of one empty directory holding only the given tools, and an apt-get stand-in that records
 * its arguments and, on `install`, puts the installed packages' commands into that directory.
 */
function fakeMachine(tools: string[], apt: 'installs' | 'fails' | 'absent' = 'installs') {
  const bin = mkdtempSync(join(tmpdir(), 'slipway-setup-'));
  dirs.push(bin);
  const log = join(bin, 'apt-get.log');
  for (const tool of tools) writeExecutable(join(bin, tool), '#!/bin/sh\nexit 0\n');
  if (apt !== 'absent') {
    writeExecutable(
      join(bin, 'apt-get'),
      `#!${process.execPath}
const { appendFileSync, chmodSync, writeFileSync } = require('node:fs');
const args = process.argv.slice(2);
appendFileSync(${JSON.stringify(log)}, [process.env.DEBIAN_FRONTEND, ...args].join(' ') + '\\n');
if (${JSON.stringify(apt)} === 'fails') { console.error('E: Unable to locate package kcat'); process.exit(100); }
const commands = { prometheus: 'promtool', kcat: 'kcat', chromium: 'chromium' };
for (const arg of args) {
  if (commands[arg] === undefined) continue;
  const file = ${JSON.stringify(bin)} + '/' + commands[arg];
  writeFileSync(file, '#!/bin/sh\\nexit 0\\n');
  chmodSync(file, 0o755);
}
`,
    );
  }
  const run = (uid: number) =>
    spawnSync(process.execPath, [SCRIPT], {
      env: { PATH: bin, SLIPWAY_SETUP_UID: String(uid) },
      encoding: 'utf8',
    });
  const aptCalls = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []);
  return { run, aptCalls };
}

function writeExecutable(file: string, text: string): void {
  writeFileSync(file, text);
  chmodSync(file, 0o755);
}

describe('scripts/ensure-test-tools.mjs (the first step of npm test)', () => {
  it('does nothing when promtool, kcat and chromium are on PATH, even as root', () => {
    const machine = fakeMachine(['promtool', 'kcat', 'chromium']);
    const result = machine.run(0);
    expect(result.status).toBe(0);
    expect(result.stdout + result.stderr).toBe('');
    expect(machine.aptCalls()).toEqual([]);
  });

  it('stops a non-root user at once with the exact command to run', () => {
    const machine = fakeMachine([]);
    const result = machine.run(1000);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      '\n  sudo apt-get update && sudo apt-get install -y --no-install-recommends prometheus kcat chromium\n',
    );
    expect(result.stderr).toContain(
      'not installed: promtool (Debian package prometheus), kcat (Debian package kcat), chromium (Debian package chromium).',
    );
    expect(machine.aptCalls()).toEqual([]);
  });

  it('names only the packages that are missing', () => {
    const machine = fakeMachine(['promtool', 'chromium']);
    const result = machine.run(1000);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('sudo apt-get install -y --no-install-recommends kcat\n');
    expect(result.stderr).not.toContain('prometheus');
  });

  it('installs the missing packages with apt-get as root, one line per step', () => {
    const machine = fakeMachine(['kcat', 'chromium']);
    const result = machine.run(0);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(machine.aptCalls()).toEqual([
      'noninteractive update',
      'noninteractive install -y --no-install-recommends prometheus',
    ]);
    expect(result.stdout.trim().split('\n')).toEqual([
      'ensure-test-tools: installing prometheus for promtool',
      'ensure-test-tools: apt-get update',
      'ensure-test-tools: apt-get install -y --no-install-recommends prometheus',
      'ensure-test-tools: installed prometheus',
    ]);
  });

  it("fails with apt-get's own output when apt-get fails", () => {
    const machine = fakeMachine([], 'fails');
    const result = machine.run(0);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('E: Unable to locate package kcat');
    expect(result.stderr).toContain('apt-get update failed (exit code 100)');
  });

  it('says what to install when there is no apt-get', () => {
    const machine = fakeMachine([], 'absent');
    const result = machine.run(0);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('There is no apt-get here.');
    expect(result.stderr).toContain(
      'promtool (Debian package prometheus), kcat (Debian package kcat)',
    );
  });
});
