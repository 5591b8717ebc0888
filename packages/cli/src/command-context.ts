import type { Command } from 'commander';
import { SlipwayClient } from '@slipway/sdk';
import type { CliIo } from './cli-io.js';
import { toJson } from './output.js';

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

/** Adds the options every client command takes. */
export function clientCommand(command: Command): Command {
  return command
    .option('--url <url>', 'server URL (default: $SLIPWAY_URL or http://127.0.0.1:5050)')
    .option('--json', 'print machine-readable JSON');
}

/**
 * Wraps an action: builds the SDK client from --url / SLIPWAY_URL and SLIPWAY_TOKEN (read once by
 * main and passed in) and hands the positional arguments and options through.
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
      const client = new SlipwayClient({
        baseUrl: flags.url ?? io.env.SLIPWAY_URL ?? DEFAULT_URL,
        token: io.env.SLIPWAY_TOKEN || undefined,
      });
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
      await fn(tools, options, ...args);
    };
  };
}

export type ActionFactory = ReturnType<typeof makeAction>;
