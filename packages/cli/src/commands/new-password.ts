import type { CliIo } from '../cli-io.js';
import { UsageError } from '../usage-error.js';
import { firstLine } from '../first-line.js';

/** Help for the flag: where else the password may come from, and why there is no --password. */
export const PASSWORD_STDIN_HELP =
  'read the password from the first line of stdin (otherwise $SLIPWAY_NEW_PASSWORD; there is no --password flag because other users can read command lines)';

/**
 * A new password for `users create` / `users set-password`: the first line of stdin with
 * --password-stdin, else SLIPWAY_NEW_PASSWORD. Never an argument, since argv is visible to every
 * user of the machine (ps, /proc). The server checks the length and says so.
 */
export async function newPassword(io: CliIo, fromStdin: boolean): Promise<string> {
  if (fromStdin) {
    if (io.stdin === undefined)
      throw new UsageError('--password-stdin: there is no stdin to read.');
    const line = await firstLine(io.stdin);
    if (line === undefined || line === '') {
      throw new UsageError(
        `--password-stdin: stdin had no password; pipe one in, e.g. printf '%s\\n' "$PASSWORD" | slipway users ...`,
      );
    }
    return line;
  }
  const fromEnv = io.env.SLIPWAY_NEW_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  throw new UsageError(
    'No password given: pipe it in with --password-stdin, or set SLIPWAY_NEW_PASSWORD.',
  );
}
