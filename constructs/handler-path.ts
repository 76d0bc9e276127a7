/**
 * Where the `aem-cc` handler is, as a path relative to a stack's output directory, so that a
 * synthesized app carries no absolute path of the machine that synthesized it and runs elsewhere.
 * Terraform runs provisioners and external programs in the stack's directory (cdktf.out/stacks/<stack>).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const PACKAGE_NAME = 'cdktf-aem-creative-cloud';

/** The package root: the nearest directory above this file whose package.json is ours. */
export function packageRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    const pj = path.join(dir, 'package.json');
    if (fs.existsSync(pj)) {
      try {
        if ((JSON.parse(fs.readFileSync(pj, 'utf8')) as { name?: string }).name === PACKAGE_NAME) return dir;
      } catch {
        /* not ours; keep looking */
      }
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`${PACKAGE_NAME}: cannot find the package root above ${from}; reinstall the package.`);
    dir = up;
  }
}

/**
 * The path of `handler` relative to `stackDir`, with forward slashes whatever the platform (Node
 * on Windows takes them, and cdk.tf.json then reads the same on every machine). `p` is the path
 * module of the platform (`path.win32` in tests that stand in for Windows).
 *
 * Throws when no relative path exists: on Windows, when the two are on different drives or one is
 * a UNC path, `relative()` returns the handler's absolute path, which would tie cdk.tf.json to the
 * machine that synthesized it.
 */
export function relativeHandlerPath(stackDir: string, handler: string, p: path.PlatformPath = path): string {
  const rel = p.relative(stackDir, handler);
  if (p.isAbsolute(rel)) {
    throw new Error(
      `${PACKAGE_NAME}: the handler (${handler}) and the stack directory (${stackDir}) are on different drives, so no ` +
        `relative path joins them; checked: the path from the stack directory to the handler, which cdk.tf.json holds ` +
        `instead of an absolute path of this machine. Install ${PACKAGE_NAME} into the app's own node_modules (run npm ` +
        `install in the app directory, on the app's drive), then synth again.`,
    );
  }
  return rel.split(p.sep).join('/');
}

/** The handler's path relative to `stackDir`, with forward slashes (it is written into cdk.tf.json). */
export function handlerPathFrom(stackDir: string): string {
  return relativeHandlerPath(stackDir, path.join(packageRoot(), 'bin', 'aem-cc.js'));
}
