#!/usr/bin/env node
// `npm test` runs this before anything else. Some tests drive real tools that come from Debian
// packages, not from npm: promtool (package prometheus) checks the /metrics exposition, kcat
// starts librdkafka's mock Kafka cluster, and the web UI's tests drive Debian's chromium through
// playwright-core (never a browser a tool downloads). A missing tool is installed here when we run as root, or
// the run stops at once with the exact command to run; the tests themselves fail, never skip, when
// a tool is missing (docs/adr/0012-self-installing-test-command.md).
import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Every command the test suite runs that npm does not install, with its Debian package. */
const TOOLS = [
  { command: 'promtool', debianPackage: 'prometheus' },
  { command: 'kcat', debianPackage: 'kcat' },
  { command: 'chromium', debianPackage: 'chromium' },
];

const NAME = 'ensure-test-tools';

function findOnPath(command) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const file = join(dir, command);
    try {
      accessSync(file, constants.X_OK);
      if (statSync(file).isFile()) return file;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

function missingTools() {
  return TOOLS.filter((tool) => findOnPath(tool.command) === undefined);
}

function named(tools) {
  return tools.map((tool) => `${tool.command} (Debian package ${tool.debianPackage})`).join(', ');
}

function installArgs(tools) {
  return ['install', '-y', '--no-install-recommends', ...tools.map((tool) => tool.debianPackage)];
}

/** SLIPWAY_SETUP_UID lets the tests play a non-root user; nothing else should set it. */
function userId() {
  const injected = process.env.SLIPWAY_SETUP_UID;
  if (injected !== undefined && injected !== '') return Number(injected);
  return typeof process.getuid === 'function' ? process.getuid() : -1;
}

function stop(lines) {
  for (const line of lines) process.stderr.write(`${line}\n`);
  process.exit(1);
}

function aptGet(args) {
  console.log(`${NAME}: apt-get ${args.join(' ')}`);
  const result = spawnSync('apt-get', args, {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error === undefined && result.status === 0) return;
  process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
  const why = result.error?.message ?? `exit code ${result.status ?? result.signal}`;
  stop([`${NAME}: apt-get ${args.join(' ')} failed (${why})`]);
}

const missing = missingTools();
if (missing.length > 0) {
  const packages = missing.map((tool) => tool.debianPackage).join(' ');
  const command = `sudo apt-get update && sudo apt-get ${installArgs(missing).join(' ')}`;
  if (findOnPath('apt-get') === undefined) {
    stop([
      `${NAME}: the tests need these tools, which are not installed: ${named(missing)}. There is no apt-get here.`,
      `Install them with your system's package manager (on Debian or Ubuntu: ${command}), then run npm test again.`,
    ]);
  }
  if (userId() !== 0) {
    stop([
      `${NAME}: the tests need these tools, which are not installed: ${named(missing)}.`,
      'Run this, then npm test again:',
      `  ${command}`,
    ]);
  }
  console.log(`${NAME}: installing ${packages} for ${missing.map((t) => t.command).join(', ')}`);
  aptGet(['update']);
  aptGet(installArgs(missing));
  const still = missingTools();
  if (still.length > 0) {
    stop([
      `${NAME}: apt-get finished, but these are still not on PATH (${process.env.PATH}): ${named(still)}`,
    ]);
  }
  console.log(`${NAME}: installed ${packages}`);
}
