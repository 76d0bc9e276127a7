/**
 * The `aem-cc` command line: a router over one module per command (src/cli/commands/). It registers each
 * command's flags with commander, fills unset flags from the environment it is given, runs the command
 * and turns any failure into `aem-cc: <code>: <message>` lines and the contract's exit code.
 *
 * Start-up stays close to bare Node: this module and the command modules import only light modules
 * (the contract, input checks, logging, message builders); the lifecycle's commands, the HTTP stack
 * (undici, zod) and the emulator are loaded with `await import()` by the commands that need them, and
 * commander only when there are flags to parse: the engine runs `aem-cc read|apply|destroy` with every
 * input in the environment.
 */
import type { Option as CommanderOption } from 'commander';
import { EXIT } from '../contract';
import { invalidInput } from '../errors';
import type { CommandSpec } from './command';
import { applyCommand } from './commands/apply';
import { checkCommand } from './commands/check';
import { destroyCommand } from './commands/destroy';
import { emulatorCommand } from './commands/emulator';
import { orgsCommand } from './commands/orgs';
import { readCommand } from './commands/read';
import { statusCommand } from './commands/status';
import { registerSecret, registerSecretsFromEnv, redactSecrets } from '../log';
import { proxyPasswords } from '../proxy';
import { type Io, processIo, withoutEmptyVariables } from './io';
import { CONNECTION_FLAGS, type Flag, type RawOptions, withVariables } from './options';
import { report } from './report';
import { packageVersion } from './version';

export type { Io } from './io';

/** Every command, in help order. */
const COMMANDS: readonly CommandSpec[] = [orgsCommand, checkCommand, statusCommand, applyCommand, destroyCommand, readCommand, emulatorCommand];

/** The commands the construct's provisioners and data source run, as one word with the inputs in the environment. */
const ENGINE_COMMANDS = new Set(['read', 'apply', 'destroy']);

const noCommand = () => invalidInput(`no command given; run "aem-cc --help" to see the commands.`);

/** A command's flags: the connection flags first for the commands that talk to IMS and AEM. */
const flagsOf = (command: CommandSpec): readonly Flag[] => (command.connection === false ? command.flags : [...CONNECTION_FLAGS, ...command.flags]);

/** A commander option for a flag; its variable is named in the help as commander would name it. */
function toOption(Option: typeof CommanderOption, flag: Flag): CommanderOption {
  return new Option(flag.flags, flag.env ? `${flag.description} (env: ${flag.env})` : flag.description);
}

/**
 * Runs one `aem-cc` command line. Never throws: every failure is printed on `io.stderr` and becomes
 * the exit code (0 done, 1 remote, 2 input, 3 prerequisite, 4 conflict).
 * @param argv the arguments after the program name, e.g. `['apply', '--org', '…']`
 * @param io streams and environment (default: the process's). The environment is read only from
 *   `io.env`, with its empty handler variables counted as unset; `process.env` is neither read nor changed.
 */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const env = withoutEmptyVariables(io.env);
  // Every secret is known before any input is parsed, so that one pasted into a flag, a variable or a
  // read key is masked wherever it is echoed. stdout carries data (the read protocol has a "token"
  // field of its own), so only secret values are masked there, not credential shapes.
  registerSecretsFromEnv(env);
  for (const password of proxyPasswords(env)) registerSecret(password);
  const cli: Io = { ...io, env, stdout: (s) => io.stdout(redactSecrets(s)) };
  // The engine's calls: a verb alone, so there is nothing for commander to parse. The options are the
  // environment's, exactly as commander would have filled them in for a command line without flags.
  const engineCall = argv.length === 1 && ENGINE_COMMANDS.has(argv[0]!) ? COMMANDS.find((c) => c.name === argv[0]) : undefined;
  if (engineCall) {
    try {
      return await engineCall.run(withVariables({}, flagsOf(engineCall), cli.env), cli);
    } catch (e) {
      return report(cli, e);
    }
  }
  const { Command, CommanderError, Option } = await import('commander');
  let selected: { command: CommandSpec; raw: RawOptions } | undefined;
  const program = new Command('aem-cc')
    .description('Bind an AEM as a Cloud Service Assets environment to a Creative Cloud IMS org, safely.')
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: cli.stdout, writeErr: () => undefined, outputError: () => undefined })
    .showHelpAfterError(false);
  for (const command of COMMANDS) {
    const flags = flagsOf(command);
    const cmd = program.command(command.name).description(command.description).allowExcessArguments(false);
    for (const flag of flags) cmd.addOption(toOption(Option, flag));
    cmd.action((parsed: RawOptions) => {
      selected = { command, raw: withVariables(parsed, flags, cli.env) };
    });
  }

  try {
    await program.parseAsync(argv, { from: 'user' });
    if (!selected) throw noCommand();
    return await selected.command.run(selected.raw, cli);
  } catch (e) {
    if (!(e instanceof CommanderError)) return report(cli, e);
    const helpOrVersion = e.code === 'commander.helpDisplayed' || e.code === 'commander.version';
    if (helpOrVersion || (e.code === 'commander.help' && e.exitCode === 0)) return EXIT.ok;
    // commander's answer to a missing command: help on the (silenced) error stream, exit 1. Say so instead.
    if (e.code === 'commander.help') return report(cli, noCommand());
    // report() redacts: commander quotes the offending argument, which may be a secret pasted in the wrong place.
    return report(cli, invalidInput(`${e.message.replace(/^error: /, '')}; run "aem-cc --help" for usage.`));
  }
}
