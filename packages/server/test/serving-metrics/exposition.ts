import { spawnSync } from 'node:child_process';

/**
 * Samples of a Prometheus text exposition keyed `name{label="value",...}` with labels sorted by
 * name, so a test can look a series up without caring about the order prom-client prints them in.
 */
export function parseExposition(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match === null) throw new Error(`Unparseable exposition line: ${line}`);
    const [, name, labelText, value] = match;
    const labels = [...(labelText ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)]
      .map(([, key, val]) => `${key}="${val}"`)
      .sort();
    const key = labels.length === 0 ? (name as string) : `${name}{${labels.join(',')}}`;
    samples.set(key, value === '+Inf' ? Infinity : Number(value));
  }
  return samples;
}

/** `name{k="v",...}` with sorted labels, matching parseExposition's keys. */
export function series(name: string, labels: Record<string, string> = {}): string {
  const parts = Object.entries(labels)
    .map(([key, value]) => `${key}="${value}"`)
    .sort();
  return parts.length === 0 ? name : `${name}{${parts.join(',')}}`;
}

/** Runs the real `promtool check metrics` on an exposition; fails clearly if it is not installed. */
export function promtoolCheck(text: string): { status: number | null; output: string } {
  const result = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  if (result.error !== undefined) {
    const code = (result.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new Error(
        'promtool is not installed: it comes with the Debian package "prometheus", which npm test ' +
          'installs when run as root; otherwise run ' +
          '`sudo apt-get update && sudo apt-get install -y --no-install-recommends prometheus`.',
      );
    }
    throw result.error;
  }
  return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}
