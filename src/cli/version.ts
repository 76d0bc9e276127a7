/**
 * The package's version, read from the package root's package.json: the directory above this module
 * whose package.json names this package. The same code finds it from src/ (tests), dist/ (the bin) and
 * an installed copy in node_modules.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const PACKAGE_NAME = 'cdktf-aem-creative-cloud';

/**
 * @param from where to start looking (default: this module's directory)
 * @throws Error when no package.json above `from` names the package (a broken install)
 */
export function packageVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === PACKAGE_NAME && typeof pkg.version === 'string') return pkg.version;
    }
    if (path.dirname(dir) === dir) throw new Error(`no package.json of ${PACKAGE_NAME} above ${from}; reinstall the package.`);
  }
}
