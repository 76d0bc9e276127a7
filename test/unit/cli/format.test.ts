/** The text each command prints without --json, from its result. */
import { formatApply } from '../../../src/cli/commands/apply';
import { formatChecks } from '../../../src/cli/commands/check';
import { formatDestroy } from '../../../src/cli/commands/destroy';
import { formatOrgs } from '../../../src/cli/commands/orgs';
import { formatStatus } from '../../../src/cli/commands/status';

const A = 'https://author.example.com';
const DEV = 'C0FFEE00000000000000DE01@AdobeOrg';

test('status: the org and generation, and whether it is in sync only when asked', () => {
  const live = { orgId: DEV, orgName: 'Dev', generation: 2 };
  expect(formatStatus(A, live)).toBe(`${A}: Dev (${DEV}), generation 2\n`);
  expect(formatStatus(A, { ...live, inSync: true })).toBe(`${A}: Dev (${DEV}), generation 2, in sync\n`);
  expect(formatStatus(A, { ...live, inSync: false })).toBe(`${A}: Dev (${DEV}), generation 2, NOT in sync with --org\n`);
  expect(formatStatus(A, { orgId: null, orgName: null, generation: 1 })).toBe(`${A}: no org, generation 1\n`);
});

test('apply: switched from what, or already bound', () => {
  const r = { orgId: DEV, orgName: 'Dev', previousOrgId: null, generation: 2, changed: true };
  expect(formatApply(A, r)).toBe(`switched ${A} to Dev (${DEV}), generation 2; was no org\n`);
  expect(formatApply(A, { ...r, previousOrgId: DEV, changed: false })).toBe(`${A} already bound to Dev (${DEV}), generation 2; no switch\n`);
});

test('destroy: the action, and the generation when known', () => {
  expect(formatDestroy(A, { action: 'retained', orgId: null, generation: null })).toBe(`retained: ${A} is bound to no org\n`);
  expect(formatDestroy(A, { action: 'reverted', orgId: DEV, generation: 3 })).toBe(`reverted: ${A} is bound to ${DEV} (generation 3)\n`);
});

test('check: one line a check, the code of a failed one', () => {
  expect(
    formatChecks([
      { name: 'credentials', ok: true },
      { name: 'admin', ok: false, code: 'not_admin', message: 'm' },
    ]),
  ).toBe('ok    credentials\nFAIL  admin  (not_admin)\n');
});

test('orgs: aligned columns under a header', () => {
  expect(
    formatOrgs([
      { id: DEV, name: 'Dev', creativeCloudEntitled: true },
      { id: DEV, name: 'Marketing', creativeCloudEntitled: false },
    ]),
  ).toBe([`NAME       ORG ID                             CREATIVE CLOUD`, `Dev        ${DEV}  entitled`, `Marketing  ${DEV}  -`, ''].join('\n'));
});
