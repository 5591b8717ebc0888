import { Command } from 'commander';
import type { CallerInfo } from '@slipway/sdk';
import type { ActionFactory } from '../command-context.js';
import { CREDENTIAL_HELP, clientCommand } from '../command-context.js';
import { fields } from '../output.js';

/** `slipway whoami`: who the server takes you for, and (in its help) where credentials come from. */
export function whoamiCommand(action: ActionFactory): Command {
  return clientCommand(new Command('whoami'))
    .description('Show who the server takes you for, and how you signed in')
    .addHelpText('after', CREDENTIAL_HELP)
    .action(
      action<[], object>(async (t) => {
        const caller = await t.client.auth.whoAmI();
        t.result(caller, () => describeCaller(caller, t.client.baseUrl));
      }),
    );
}

function describeCaller(caller: CallerInfo, baseUrl: string): string[] {
  const via =
    caller.via === 'token'
      ? `API token ${caller.tokenId ?? ''}`.trimEnd()
      : caller.via === 'none'
        ? 'nothing (the server does not require credentials)'
        : caller.via;
  return fields([
    ['User', caller.username],
    ['Admin', caller.isAdmin ? 'yes' : 'no'],
    ['Signed in with', via],
    ['Server', `${baseUrl} (authentication ${caller.authEnabled ? 'on' : 'off'})`],
  ]);
}
