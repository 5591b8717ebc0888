import { Command } from 'commander';
import { LINEAGE_DEFAULT_DEPTH, LINEAGE_REF_FORMS } from '@slipway/core';
import type { LineageDirection } from '@slipway/core';
import type { ActionFactory } from '../command-context.js';
import { clientCommand } from '../command-context.js';
import { lineageTree } from '../lineage/lineage-tree.js';
import { parseInteger } from '../option-parsers.js';
import { UsageError } from '../usage-error.js';

interface LineageFlags {
  upstream?: boolean;
  downstream?: boolean;
  both?: boolean;
  depth: number;
}

/** `slipway lineage <ref>`: where a node came from, or what was built from it. */
export function lineageCommand(action: ActionFactory): Command {
  return clientCommand(new Command('lineage'))
    .description(
      'Lineage of a dataset version, pipeline run or step, run, model version or deployment',
    )
    .argument('<ref>', `one of ${LINEAGE_REF_FORMS.join(', ')}`)
    .option('--upstream', 'where it came from (the default)')
    .option('--downstream', 'what was built from it')
    .option('--both', 'upstream and downstream')
    .option('--depth <n>', 'how many edges away to go', parseInteger, LINEAGE_DEFAULT_DEPTH)
    .action(
      action<[string], LineageFlags>(async (t, o, ref) => {
        const graph = await t.client.lineage.get(ref, {
          direction: directionOf(o),
          depth: o.depth,
        });
        t.result(graph, () => lineageTree(graph));
      }),
    );
}

function directionOf(flags: LineageFlags): LineageDirection {
  const chosen = (['upstream', 'downstream', 'both'] as const).filter((d) => flags[d] === true);
  if (chosen.length > 1) {
    throw new UsageError(`Choose one of --${chosen.join(', --')}.`);
  }
  return chosen[0] ?? 'upstream';
}
