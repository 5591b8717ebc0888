import { Command, InvalidArgumentError } from 'commander';
import { PERMISSIONS, isPermission, resourceLabel } from '@slipway/core';
import type { Permission, ResourceType } from '@slipway/core';
import type { ActionFactory } from '../command-context.js';
import { clientCommand } from '../command-context.js';
import { table } from '../output.js';

/** What people type for each resource type; `model` is how the rest of the CLI names one. */
const TYPES: Record<string, ResourceType> = {
  experiment: 'experiment',
  model: 'registered_model',
  registered_model: 'registered_model',
  deployment: 'deployment',
};

export function parseResourceType(value: string): ResourceType {
  const type = TYPES[value.toLowerCase()];
  if (type === undefined) {
    throw new InvalidArgumentError('Expected experiment, model or deployment.');
  }
  return type;
}

function parsePermission(value: string): Permission {
  const permission = value.toUpperCase();
  if (isPermission(permission)) return permission;
  const hint =
    permission === 'ADMIN'
      ? ' Admin is a property of a user: slipway users set-admin <user> true.'
      : '';
  throw new InvalidArgumentError(`Expected ${PERMISSIONS.join(', ')}.${hint}`);
}

function label(type: ResourceType, id: string): string {
  return `${resourceLabel(type)} '${id}'`;
}

/** `slipway permissions ...`: who may do what to an experiment, a model or a deployment. */
export function permissionCommands(action: ActionFactory): Command {
  const permissions = new Command('permissions').description(
    'Who may read (READ), change (EDIT) or also delete and share (MANAGE) an experiment, model or deployment',
  );
  const typeHelp = 'experiment, model or deployment';
  const idHelp = 'experiment id, or model / deployment name';

  clientCommand(permissions.command('list'))
    .description('List the explicit permissions on a resource (needs MANAGE on it)')
    .argument('<type>', typeHelp, parseResourceType)
    .argument('<id>', idHelp)
    .action(
      action<[ResourceType, string], object>(async (t, _o, type, id) => {
        const grants = await t.client.permissions.list(type, id);
        t.result({ permissions: grants }, () =>
          table(
            ['USER', 'PERMISSION'],
            grants.map((g) => [g.username, g.permission]),
            `No explicit permissions on ${label(type, id)}: the server's default applies to everyone.`,
          ),
        );
      }),
    );

  clientCommand(permissions.command('set'))
    .description('Give a user a permission on a resource, replacing the one they held')
    .argument('<type>', typeHelp, parseResourceType)
    .argument('<id>', idHelp)
    .argument('<user>', 'user name')
    .argument('<permission>', PERMISSIONS.join(', '), parsePermission)
    .action(
      action<[ResourceType, string, string, Permission], object>(
        async (t, _o, type, id, user, permission) => {
          const grant = await t.client.permissions.set(type, id, user, permission);
          t.result(grant, () => [`${user} now has ${grant.permission} on ${label(type, id)}`]);
        },
      ),
    );

  clientCommand(permissions.command('remove'))
    .description("Remove a user's explicit permission (the server's default applies again)")
    .argument('<type>', typeHelp, parseResourceType)
    .argument('<id>', idHelp)
    .argument('<user>', 'user name')
    .action(
      action<[ResourceType, string, string], object>(async (t, _o, type, id, user) => {
        await t.client.permissions.remove(type, id, user);
        t.result({ resourceType: type, resourceId: id, username: user, removed: true }, () => [
          `Removed ${user}'s permission on ${label(type, id)}; the server's default applies again`,
        ]);
      }),
    );

  return permissions;
}
