/**
 * What a command may touch of its process: stdout, stderr, stdin and the environment. `main` takes one,
 * so that tests run the CLI in-process with their own, and reads the environment only from it.
 */
import { ENV, LIMITS } from '../contract';

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** The whole of stdin as text (at most a little over `LIMITS.readQueryBytes`); empty for a terminal. */
  stdin: () => Promise<string>;
  env: NodeJS.ProcessEnv;
}

/** The real process's streams and environment. */
export function processIo(): Io {
  return {
    stdout: (s) => void process.stdout.write(s),
    stderr: (s) => void process.stderr.write(s),
    stdin: readStdin,
    env: process.env,
  };
}

/**
 * A copy of `env` without the handler's variables that are set to the empty string: Terraform passes an
 * empty string for an unset optional input, so an empty variable counts as unset. `env` is not changed.
 */
export function withoutEmptyVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const name of Object.values(ENV)) if (copy[name] === '') delete copy[name];
  return copy;
}

/** Reads stdin to its end; stops reading past the `read` query's limit, which the command then refuses. */
function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    if (process.stdin.isTTY) return resolve('');
    let data = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (c) => {
      data += c;
      if (data.length > LIMITS.readQueryBytes + 1) process.stdin.destroy();
    });
    process.stdin.on('end', () => resolve(data));
    process.stdin.on('close', () => resolve(data));
    process.stdin.on('error', reject);
  });
}
