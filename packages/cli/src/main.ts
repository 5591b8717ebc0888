import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import type { CliIo } from './cli-io.js';
import { makeAction } from './command-context.js';
import { artifactCommands } from './commands/artifact-commands.js';
import { datasetsCommands } from './commands/datasets-commands.js';
import { lineageCommand } from './commands/lineage-command.js';
import { pipelinesCommands } from './commands/pipelines-commands.js';
import { auditCommand } from './commands/audit-commands.js';
import { whoamiCommand } from './commands/auth-commands.js';
import { deploymentsCommands } from './commands/deployments-commands.js';
import { driftCommand } from './commands/drift-command.js';
import { monitorExportCommands } from './commands/monitors-export-commands.js';
import { monitorsCommands } from './commands/monitors-commands.js';
import { experimentCommands } from './commands/experiment-commands.js';
import { modelCommands } from './commands/model-commands.js';
import { modelsRegisterCommand } from './commands/models-register-command.js';
import { permissionCommands } from './commands/permission-commands.js';
import { predictCommand } from './commands/predict-command.js';
import { profileCommand } from './commands/profile-command.js';
import { predictionsCommands } from './commands/predictions-commands.js';
import { runCommands } from './commands/run-commands.js';
import { dbCommand, serverCommand } from './commands/server-commands.js';
import { streamCommand } from './commands/stream-command.js';
import { tokenCommands } from './commands/token-commands.js';
import { userCommands } from './commands/user-commands.js';
import { validateCommand } from './commands/validate-command.js';
import { webhooksCommands } from './commands/webhooks-commands.js';
import { workerCommand } from './commands/worker-command.js';
import { oneLine } from './output.js';
import { UsageError } from './usage-error.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/**
 * The `slipway` command. Takes process.argv-style arguments and returns the exit code: 0 on
 * success, 2 for usage errors, 1 for everything else (always as one `error: ...` line on stderr).
 * The environment is read here, once, and passed down.
 */
export async function main(argv: string[], io: Partial<CliIo> = {}): Promise<number> {
  const cli: CliIo = {
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    env: io.env ?? process.env,
    // Lazy: merely touching process.stdin opens it, which no command but a few needs.
    stdin: io.stdin ?? { [Symbol.asyncIterator]: () => process.stdin[Symbol.asyncIterator]() },
  };
  const program = buildProgram(cli);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander has already printed its message (or the help/version text).
      return err.exitCode === 0 ? 0 : 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    cli.stderr.write(`error: ${oneLine(message)}\n`);
    return err instanceof UsageError ? 2 : 1;
  }
}

function buildProgram(io: CliIo): Command {
  const program = new Command('slipway')
    .description('Slipway: self-hosted MLOps (tracking, registry, serving, monitoring)')
    .version(version)
    .showSuggestionAfterError();
  const action = makeAction(io);
  program.addCommand(experimentCommands(action));
  program.addCommand(runCommands(action));
  program.addCommand(modelCommands(action).addCommand(modelsRegisterCommand(action, io)));
  program.addCommand(deploymentsCommands(action));
  program.addCommand(artifactCommands(action));
  program.addCommand(datasetsCommands(action));
  program.addCommand(pipelinesCommands(action, io));
  program.addCommand(lineageCommand(action));
  program.addCommand(predictCommand(io));
  program.addCommand(predictionsCommands(action, io));
  program.addCommand(streamCommand(io));
  program.addCommand(driftCommand(io));
  program.addCommand(profileCommand(io));
  const monitors = monitorsCommands(action);
  for (const command of monitorExportCommands(io)) monitors.addCommand(command);
  program.addCommand(monitors);
  program.addCommand(validateCommand(io));
  program.addCommand(serverCommand(io));
  program.addCommand(dbCommand(io));
  program.addCommand(whoamiCommand(action));
  program.addCommand(userCommands(action, io));
  program.addCommand(tokenCommands(action));
  program.addCommand(permissionCommands(action));
  program.addCommand(auditCommand(action));
  program.addCommand(webhooksCommands(action, io));
  program.addCommand(workerCommand(action, io));
  configureRecursively(program, io);
  return program;
}

/** Settings commander does not inherit to subcommands added with addCommand. */
function configureRecursively(command: Command, io: CliIo): void {
  command.exitOverride();
  command.configureOutput({
    writeOut: (text) => io.stdout.write(text),
    writeErr: (text) => io.stderr.write(text),
    outputError: (text, write) => write(`${oneLine(text)}\n`),
  });
  for (const sub of command.commands) configureRecursively(sub, io);
}
