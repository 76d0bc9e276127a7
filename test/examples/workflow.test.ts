/**
 * The GitHub Actions workflow that users copy (examples/promotion/ci/github-actions.yml) must be valid:
 * actionlint (built into .tools/bin by scripts/actionlint.sh, which `npm test` runs in pretest) checks
 * its syntax, expressions, job graph and action inputs, and through shellcheck every `run:` script.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT, tmpDir } from '../helpers/cli';

const ACTIONLINT = path.join(REPO_ROOT, '.tools', 'bin', 'actionlint');
const WORKFLOW = path.join('examples', 'promotion', 'ci', 'github-actions.yml');

interface Lint {
  code: number;
  output: string;
}

async function actionlint(file: string): Promise<Lint> {
  // shellcheck from PATH (checked in beforeAll). pyflakes is off so that the result does not depend on
  // whether it happens to be installed: the workflow has no `shell: python` steps.
  const args = ['-no-color', '-pyflakes=', file];
  try {
    const { stdout, stderr } = await promisify(execFile)(ACTIONLINT, args, { cwd: REPO_ROOT });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw err;
    return { code: e.code, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

beforeAll(async () => {
  if (!fs.existsSync(ACTIONLINT)) {
    throw new Error('.tools/bin/actionlint is missing: run "npm run actionlint:build" (npm test does it in pretest)');
  }
  // Without shellcheck actionlint silently skips every `run:` script; make that a failure instead.
  await promisify(execFile)('shellcheck', ['--version']).catch((err: NodeJS.ErrnoException) => {
    throw new Error(`shellcheck is not on PATH (${err.code}): install it ("apt-get install -y shellcheck", as .ci/run does)`);
  });
});

test('actionlint and shellcheck find nothing in the promotion workflow', async () => {
  const lint = await actionlint(WORKFLOW);
  if (lint.code !== 0 || lint.output !== '') {
    throw new Error(`actionlint exited ${lint.code} on ${WORKFLOW}:\n${lint.output}`);
  }
});

test('the check fails on a broken copy: an unknown needs: job and an unquoted variable in a run: script', async () => {
  let text = fs.readFileSync(path.join(REPO_ROOT, WORKFLOW), 'utf8');
  const breakIt = (from: string, to: string): void => {
    expect(text).toContain(from); // the workflow changed: pick another mistake to inject
    text = text.replace(from, to);
  };
  breakIt('needs: deploy-stage\n', 'needs: deploy-stag\n');
  breakIt('- run: npm ci\n', '- run: cd $APP_DIR\n');
  const broken = path.join(tmpDir('workflow-'), 'github-actions.yml');
  fs.writeFileSync(broken, text);

  const lint = await actionlint(broken);
  expect(lint.code).toBe(1);
  expect(lint.output).toContain('job "deploy-prod" needs job "deploy-stag" which does not exist in this workflow [job-needs]');
  expect(lint.output).toMatch(/shellcheck reported issue in this script: SC2086:.*\[shellcheck\]/);
});
