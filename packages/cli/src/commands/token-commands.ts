import { Command } from 'commander';
import type { ApiToken } from '@slipway/sdk';
import type { ActionFactory } from '../command-context.js';
import { clientCommand } from '../command-context.js';
import { parsePositiveInteger } from '../option-parsers.js';
import { table, time } from '../output.js';

/** `slipway tokens ...`: API tokens for scripts and CI (SLIPWAY_TOKEN, MLFLOW_TRACKING_TOKEN). */
export function tokenCommands(action: ActionFactory): Command {
  const tokens = new Command('tokens').description(
    'Create, list and revoke API tokens (use one as SLIPWAY_TOKEN or MLFLOW_TRACKING_TOKEN)',
  );

  clientCommand(tokens.command('create'))
    .description('Create an API token and print its secret, once')
    .requiredOption('--name <name>', 'what the token is for, e.g. ci')
    .option(
      '--expires-in-days <days>',
      'days until it stops working (default: never)',
      parsePositiveInteger,
    )
    .option('--user <username>', 'create it for another user (admins only)')
    .action(
      action<[], { name: string; expiresInDays?: number; user?: string }>(async (t, o) => {
        const created = await t.client.tokens.create({
          name: o.name,
          ...(o.expiresInDays !== undefined ? { expiresInDays: o.expiresInDays } : {}),
          ...(o.user !== undefined ? { username: o.user } : {}),
        });
        const { token, secret } = created;
        t.result(created, () => [
          `Created token '${token.name}' (id ${token.id}) for ${token.username}, ${token.expiresAt === undefined ? 'never expires' : `expires ${time(token.expiresAt)}`}:`,
          secret,
          // Only a hash is stored, so a lost secret means a new token.
          'Copy it now: it will not be shown again.',
        ]);
      }),
    );

  clientCommand(tokens.command('list'))
    .description("List API tokens (yours, or a user's as an admin)")
    .option('--user <username>', "another user's tokens (admins only)")
    .action(
      action<[], { user?: string }>(async (t, o) => {
        const list = await t.client.tokens.list(o.user !== undefined ? { username: o.user } : {});
        const now = Date.now();
        t.result({ tokens: list }, () =>
          table(
            ['ID', 'NAME', 'USER', 'CREATED', 'EXPIRES', 'STATUS'],
            list.map((k) => [
              k.id,
              k.name,
              k.username,
              time(k.createdAt),
              k.expiresAt === undefined ? 'never' : time(k.expiresAt),
              status(k, now),
            ]),
            'No tokens.',
          ),
        );
      }),
    );

  clientCommand(tokens.command('revoke'))
    .description('Revoke an API token by its id (see tokens list)')
    .argument('<id>', 'token id (not the secret)')
    .action(
      action<[string], object>(async (t, _o, id) => {
        await t.client.tokens.revoke(id);
        t.result({ id, revoked: true }, () => [`Revoked token ${id}`]);
      }),
    );

  return tokens;
}

function status(token: ApiToken, now: number): string {
  if (token.revokedAt !== undefined) return `revoked ${time(token.revokedAt)}`;
  if (token.expiresAt !== undefined && token.expiresAt <= now) return 'expired';
  return 'active';
}
