import { main } from '@slipway/cli';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `slipway <args>` in-process with captured output and the given environment only. */
export async function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'slipway', ...args], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
  });
  return { code, stdout, stderr };
}

/** Runs a command with --json and parses its output, failing loudly if it did not succeed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function runJson(args: string[], env: Record<string, string>): Promise<any> {
  const result = await runCli([...args, '--json'], env);
  if (result.code !== 0) {
    throw new Error(`slipway ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  }
  return JSON.parse(result.stdout);
}
