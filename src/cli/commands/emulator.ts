/** `aem-cc emulator`: the IMS + AEM emulator on loopback, until SIGINT or SIGTERM (then exit 0). */
import { EXIT, LIMITS } from '../../contract';
import { invalidInput } from '../../errors';
import { show } from '../../inputs';
import type { CommandSpec } from '../command';
import { FLAGS } from '../options';

export const emulatorCommand: CommandSpec = {
  name: 'emulator',
  description: 'run the IMS + AEM emulator on loopback (tests and demos)',
  flags: [FLAGS.port, FLAGS.fixture, FLAGS.faults, FLAGS.latency, FLAGS.requireApiKey],
  connection: false,
  async run(raw, io) {
    const port = wholeNumber(raw.port, '--port', 65535);
    const latencyMs = wholeNumber(raw.latency, '--latency', LIMITS.maxTimeoutMs);
    const { runEmulatorCommand } = await import('../../emulator/command');
    const requireApiKey = raw.requireApiKey === true;
    await runEmulatorCommand({ port, fixturePath: raw.fixture, faults: raw.faults, latencyMs, requireApiKey }, { stdout: { write: io.stdout } });
    return EXIT.ok;
  },
};

/**
 * @throws AemCcError `invalid_input` when `value` is not a whole number from 0 to `max`
 */
function wholeNumber(value: string | undefined, flag: string, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,6}$/.test(value) || Number(value) > max) {
    throw invalidInput(`${flag} ${show(value)} is not a whole number from 0 to ${max}.`);
  }
  return Number(value);
}
