/**
 * Issue 13, item 8 (a plan-time read that blocks a destroy). `read` runs in every plan, the plan of
 * `cdktf destroy` included, and cannot tell which plan it serves; so every failure it reports ends with
 * the ways out of a blocked destroy, each verified on both engines (test/e2e/lifecycle.test.ts). The
 * commands a person runs (check, apply, ...) are not plan reads and do not get them.
 */
import { errorLines, expectErrors, runCli } from '../helpers/cli';
import { ORGS, useEmulator } from '../helpers/emulator';

const emu = useEmulator();

const WAYS_OUT =
  ' This is the plan-time read of drift detection, which every plan runs, the plan of "cdktf destroy" included; to destroy anyway: ' +
  'fix the cause above, or set driftDetection: false on the binding, or run the destroy with TF_CLI_ARGS_destroy=-refresh=false in its ' +
  'environment (Terraform 1.15.9 and OpenTofu 1.12.6 then skip this read). The removal policy still applies: revertTo needs valid ' +
  'credentials when the destroy runs, retain needs none.';

function read(query: Record<string, string>, env: Record<string, string> = emu.userEnv()) {
  return runCli(['read'], { env, stdin: JSON.stringify({ author_url: emu.authorUrl('dev'), ...query }) });
}

test.each([
  ['missing_credentials (the example: no credentials)', 2, () => read({ org: ORGS.dev }, { AEM_CC_IMS_ENDPOINT: emu.url })],
  ['invalid_credentials', 3, () => read({ org: ORGS.dev }, emu.userEnv('not-a-valid-token'))],
  ['org_not_found (the example: a desired org that no longer resolves)', 3, () => read({ org: 'Contoso Creative (Retired)' })],
  ['org_ambiguous', 3, () => read({ org: 'Contoso Agency' })],
  ['org_not_accessible', 3, () => read({ org: ORGS.other })],
  ['org_not_allowed', 3, () => read({ org: ORGS.dev, allowed_orgs: ORGS.prod })],
  [
    // (Both credential kinds together are allowed since the split; a key without a user token is not.)
    'invalid_input (an API key set without a user token)',
    2,
    () => read({ org: ORGS.dev }, emu.clientEnv({ AEM_CC_API_KEY: 'x-client-id' })),
  ],
  ['remote_error (IMS failing)', 1, async () => (await emu.setFaults('orgs:500x20'), read({ org: ORGS.dev, timeout_ms: '1000' }))],
] as const)('%s: the error ends with the ways out, once', async (code, exit, run) => {
  const r = await run();
  const [line] = expectErrors(r, exit, [code.split(' ')[0]]);
  expect(line.message.slice(-WAYS_OUT.length)).toBe(WAYS_OUT);
  expect(r.stderr.split('TF_CLI_ARGS_destroy').length).toBe(2);
  expect(r.stdout).toBe('');
});

test('the commands a person runs are not plan reads: no ways out of a destroy', async () => {
  for (const args of [
    ['check', '--author-url', emu.authorUrl('dev'), '--org', 'Contoso Creative (Retired)'],
    ['apply', '--author-url', emu.authorUrl('dev'), '--org', ORGS.other],
    ['status', '--author-url', emu.authorUrl('dev'), '--org', 'Contoso Agency'],
  ]) {
    const r = await runCli(args, { env: emu.userEnv() });
    expect(r.code).toBe(3);
    expect(errorLines(r.stderr).length).toBeGreaterThan(0);
    expect(r.stderr).not.toContain('TF_CLI_ARGS_destroy');
  }
});
