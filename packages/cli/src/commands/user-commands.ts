import { Command, InvalidArgumentError } from 'commander';
import type { User } from '@slipway/sdk';
import type { CliIo } from '../cli-io.js';
import type { ActionFactory } from '../command-context.js';
import { clientCommand } from '../command-context.js';
import { parsePositiveInteger } from '../option-parsers.js';
import { fields, table, time } from '../output.js';
import { PASSWORD_STDIN_HELP, newPassword } from './new-password.js';

function parseBoolean(value: string): boolean {
  const text = value.toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new InvalidArgumentError('Expected true or false.');
}

/** `slipway users ...`: admins manage users; anyone may change their own password. */
export function userCommands(action: ActionFactory, io: CliIo): Command {
  const users = new Command('users').description(
    'Manage users (admins only, except changing your own password)',
  );

  clientCommand(users.command('create'))
    .description('Create a user')
    .argument('<username>', 'letters, digits and . _ @ + -')
    .option('--admin', 'make the user an admin')
    .option('--password-stdin', PASSWORD_STDIN_HELP)
    .action(
      action<[string], { admin?: boolean; passwordStdin?: boolean }>(async (t, o, username) => {
        const password = await newPassword(io, o.passwordStdin === true);
        const user = await t.client.users.create({
          username,
          password,
          ...(o.admin === true ? { isAdmin: true } : {}),
        });
        t.result(user, () => [
          `Created ${user.isAdmin ? 'admin' : 'user'} '${user.username}' (id ${user.id})`,
        ]);
      }),
    );

  clientCommand(users.command('list'))
    .description('List users, by name')
    .option('--max-results <n>', 'page size', parsePositiveInteger)
    .option('--page-token <token>', 'continue from a previous page')
    .action(
      action<[], { maxResults?: number; pageToken?: string }>(async (t, o) => {
        const page = await t.client.users.list({
          ...(o.maxResults !== undefined ? { maxResults: o.maxResults } : {}),
          ...(o.pageToken !== undefined ? { pageToken: o.pageToken } : {}),
        });
        t.result(page, () => [
          ...table(
            ['USERNAME', 'ADMIN', 'CREATED'],
            page.users.map((u) => [u.username, u.isAdmin ? 'yes' : 'no', time(u.createdAt)]),
            'No users.',
          ),
          ...(page.nextPageToken ? [`More: --page-token ${page.nextPageToken}`] : []),
        ]);
      }),
    );

  clientCommand(users.command('get'))
    .description('Show a user (yourself, or anyone as an admin)')
    .argument('<username>', 'user name')
    .action(
      action<[string], object>(async (t, _o, username) => {
        const user = await t.client.users.get(username);
        t.result(user, () => describeUser(user));
      }),
    );

  clientCommand(users.command('set-password'))
    .description("Change a password (your own, or anyone's as an admin)")
    .argument('<username>', 'user name')
    .option('--password-stdin', PASSWORD_STDIN_HELP)
    .action(
      action<[string], { passwordStdin?: boolean }>(async (t, o, username) => {
        const password = await newPassword(io, o.passwordStdin === true);
        const user = await t.client.users.update(username, { password });
        t.result(user, () => [`Changed the password of '${user.username}'`]);
      }),
    );

  clientCommand(users.command('set-admin'))
    .description('Make a user an admin, or not (admins only; the last admin stays one)')
    .argument('<username>', 'user name')
    .argument('<true|false>', 'whether the user is an admin', parseBoolean)
    .action(
      action<[string, boolean], object>(async (t, _o, username, isAdmin) => {
        const user = await t.client.users.update(username, { isAdmin });
        t.result(user, () => [
          `'${user.username}' is ${user.isAdmin ? 'now an admin' : 'no longer an admin'}`,
        ]);
      }),
    );

  clientCommand(users.command('delete'))
    .description('Delete a user with their API tokens and permissions (admins only)')
    .argument('<username>', 'user name')
    .action(
      action<[string], object>(async (t, _o, username) => {
        await t.client.users.delete(username);
        t.result({ username, deleted: true }, () => [
          `Deleted user '${username}' with their API tokens and permissions`,
        ]);
      }),
    );

  return users;
}

function describeUser(user: User): string[] {
  return fields([
    ['User', user.username],
    ['Id', String(user.id)],
    ['Admin', user.isAdmin ? 'yes' : 'no'],
    ['Created', time(user.createdAt)],
    ['Updated', time(user.updatedAt)],
  ]);
}
