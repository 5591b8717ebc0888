import type { CliIo } from '../cli-io.js';
import { UsageError } from '../usage-error.js';
import { firstLine } from '../first-line.js';

export const SECRET_ENV_HELP =
  'sign deliveries with the secret in this environment variable (there is no --secret flag: command lines land in shell history and are visible to other users)';
export const SECRET_STDIN_HELP = 'sign deliveries with the secret on the first line of stdin';

export interface SecretFlags {
  secretEnv?: string;
  secretStdin?: boolean;
}

/**
 * A webhook's signing secret from --secret-env VAR or --secret-stdin; undefined when neither is
 * given. Never from an argument. Messages name the variable, never the value.
 */
export async function webhookSecret(io: CliIo, flags: SecretFlags): Promise<string | undefined> {
  if (flags.secretEnv !== undefined && flags.secretStdin === true) {
    throw new UsageError('Give the secret with --secret-env or with --secret-stdin, not both.');
  }
  if (flags.secretEnv !== undefined) {
    const value = io.env[flags.secretEnv];
    if (value === undefined || value === '') {
      throw new UsageError(
        `--secret-env ${flags.secretEnv}: that environment variable is not set or is empty.`,
      );
    }
    return value;
  }
  if (flags.secretStdin !== true) return undefined;
  if (io.stdin === undefined) throw new UsageError('--secret-stdin: there is no stdin to read.');
  const line = await firstLine(io.stdin);
  if (line === undefined || line === '') {
    throw new UsageError(
      `--secret-stdin: stdin had no secret; pipe one in, e.g. printf '%s\\n' "$SECRET" | slipway webhooks ...`,
    );
  }
  return line;
}
