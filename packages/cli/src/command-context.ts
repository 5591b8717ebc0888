import type { Command } from 'commander';
import { SlipwayError, isSlipwayError } from '@slipway/core';
import { SlipwayClient } from '@slipway/sdk';
import type { SlipwayClientOptions } from '@slipway/sdk';
import type { CliIo } from './cli-io.js';
import { toJson } from './output.js';
import { UsageError } from './usage-error.js';

export const DEFAULT_URL = 'http://127.0.0.1:5050';

/** What a command's action works with. */
export interface CommandTools {
  client: SlipwayClient;
  json: boolean;
  /** The command's result: JSON with --json, the human lines otherwise. */
  result(value: unknown, human: () => string[]): void;
  /** A progress line for long operations; silent with --json so stdout stays one JSON document. */
  progress(line: string): void;
}

export interface ClientFlags {
  url?: string;
  json?: boolean;
}

/** Credentials found in the environment, and the variables they came from (for messages). */
export interface EnvCredentials {
  token?: string;
  username?: string;
  password?: string;
  /** e.g. `SLIPWAY_TOKEN`; undefined when no credentials are set. */
  source: string | undefined;
}

/** Where credentials are looked for, first match wins; printed by `slipway whoami --help`. */
export const CREDENTIAL_HELP = `
Credentials come from the environment, the first of these that is set:
  SLIPWAY_TOKEN                           an API token (slipway tokens create), sent as Bearer
  SLIPWAY_USERNAME and SLIPWAY_PASSWORD   a user's name and password, sent as HTTP Basic
  MLFLOW_TRACKING_TOKEN                   as SLIPWAY_TOKEN, so an MLflow environment works
  MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD
So SLIPWAY_TOKEN wins over SLIPWAY_USERNAME, and any SLIPWAY_ credential over MLflow's.
There are no credential flags: command lines are visible to other users of the machine.`;

const FAMILIES = [
  ['SLIPWAY_TOKEN', 'SLIPWAY_USERNAME', 'SLIPWAY_PASSWORD'],
  ['MLFLOW_TRACKING_TOKEN', 'MLFLOW_TRACKING_USERNAME', 'MLFLOW_TRACKING_PASSWORD'],
] as const;

/**
 * The credentials the CLI sends, from the environment (see CREDENTIAL_HELP). MLflow's variables
 * are a fallback so that a shell set up for `mlflow` works unchanged. Empty variables count as
 * unset, as shells and compose files leave them.
 */
export function credentialsFromEnv(env: Record<string, string | undefined>): EnvCredentials {
  const get = (name: string) => (env[name] === '' ? undefined : env[name]);
  for (const [tokenVar, userVar, passwordVar] of FAMILIES) {
    const token = get(tokenVar);
    if (token !== undefined) return { token, source: tokenVar };
    const username = get(userVar);
    const password = get(passwordVar);
    if (username !== undefined && password !== undefined) {
      return { username, password, source: `${userVar} and ${passwordVar}` };
    }
    if (username !== undefined || password !== undefined) {
      const [set, unset] = username !== undefined ? [userVar, passwordVar] : [passwordVar, userVar];
      throw new UsageError(`${set} is set but ${unset} is not: set both, or neither.`);
    }
  }
  return { source: undefined };
}

/**
 * SDK client options for --url (else SLIPWAY_URL, else the local default) and the environment's
 * credentials, for commands that build their own client.
 */
export function clientOptionsFromEnv(
  io: Pick<CliIo, 'env'>,
  url: string | undefined,
): SlipwayClientOptions & { credentialSource: string | undefined } {
  const { source, ...credentials } = credentialsFromEnv(io.env);
  return {
    baseUrl: url ?? io.env.SLIPWAY_URL ?? DEFAULT_URL,
    ...credentials,
    credentialSource: source,
  };
}

/** Adds the options every client command takes. */
export function clientCommand(command: Command): Command {
  return command
    .option('--url <url>', 'server URL (default: $SLIPWAY_URL or http://127.0.0.1:5050)')
    .option('--json', 'print machine-readable JSON');
}

/**
 * Wraps an action: builds the SDK client from --url / SLIPWAY_URL and the credentials in the
 * environment (read once by main and passed in) and hands the positional arguments and options
 * through.
 */
export function makeAction(io: CliIo) {
  return function action<A extends unknown[], O extends object>(
    fn: (tools: CommandTools, options: O, ...args: A) => Promise<void>,
  ): (...raw: unknown[]) => Promise<void> {
    return async (...raw: unknown[]) => {
      const command = raw[raw.length - 1] as Command;
      const options = command.opts<O>();
      const args = raw.slice(0, raw.length - 2) as A;
      const flags = options as ClientFlags;
      const json = flags.json === true;
      const { credentialSource, ...clientOptions } = clientOptionsFromEnv(io, flags.url);
      const client = buildClient(clientOptions);
      const tools: CommandTools = {
        client,
        json,
        result(value, human) {
          io.stdout.write(`${json ? toJson(value) : human().join('\n')}\n`);
        },
        progress(line) {
          if (!json) io.stdout.write(`${line}\n`);
        },
      };
      try {
        await fn(tools, options, ...args);
      } catch (err) {
        throw explainUnauthenticated(err, client.baseUrl, credentialSource);
      }
    };
  };
}

export type ActionFactory = ReturnType<typeof makeAction>;

/** The SDK refuses a URL with `user:password@` in it: that is how the command was called. */
function buildClient(options: SlipwayClientOptions): SlipwayClient {
  try {
    return new SlipwayClient(options);
  } catch (err) {
    if (isSlipwayError(err) && err.code === 'INVALID_ARGUMENT') {
      throw new UsageError(`${err.message} (--url / SLIPWAY_URL)`);
    }
    throw err;
  }
}

/**
 * The server's UNAUTHENTICATED message speaks to every kind of client; a CLI user needs to know
 * which variables to set, or which ones held the credentials it refused.
 */
function explainUnauthenticated(err: unknown, baseUrl: string, source: string | undefined) {
  if (!isSlipwayError(err) || err.code !== 'UNAUTHENTICATED') return err;
  const message =
    source === undefined
      ? `The server at ${baseUrl} requires credentials: set SLIPWAY_USERNAME and SLIPWAY_PASSWORD, or SLIPWAY_TOKEN to an API token (MLflow's MLFLOW_TRACKING_USERNAME/PASSWORD and MLFLOW_TRACKING_TOKEN work too; see slipway whoami --help).`
      : `${err.message.replace(/\.$/u, '')} (credentials from ${source}).`;
  return new SlipwayError({
    code: err.code,
    message,
    ...(err.details !== undefined ? { details: err.details } : {}),
    cause: err,
  });
}
