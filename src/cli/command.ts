/** The shape of a command module: what the router registers and runs. */
import type { Io } from './io';
import type { Flag, RawOptions } from './options';

export interface CommandSpec {
  name: string;
  /** One line for `--help`. */
  description: string;
  /** The flags it takes, in help order. */
  flags: readonly Flag[];
  /** Whether it takes the flags of every command that talks to IMS and AEM first (default true). */
  connection?: false;
  /**
   * Checks its options, does its work and prints its answer.
   * @param raw options from flags, with unset ones filled in from `io.env`
   * @returns the exit code
   * @throws AemCcError (or anything else): the router reports it
   */
  run(raw: RawOptions, io: Io): Promise<number>;
}
