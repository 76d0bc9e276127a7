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

/** The handler's path relative to `stackDir`, with forward slashes (it is written into cdk.tf.json). */
export function handlerPathFrom(stackDir: string): string {
  const handler = path.join(packageRoot(), 'bin', 'aem-cc.js');
  return path.relative(stackDir, handler).split(path.sep).join('/');
}
