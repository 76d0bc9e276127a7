/**
 * `aem-cc read` with a stack's query, as the construct writes it (one plan-time read per stack): every
 * binding's keys under its construct path, every environment read concurrently, one organizations request
 * for them all, each binding's answer under its own prefix, and a failure in any environment naming its
 * binding (its key and author URL) and failing the read.
 */
import { expectCode, expectErrors, json, runCli } from '../helpers/cli';
import { expectRequests, ORGS, REQ, useEmulator } from '../helpers/emulator';

const emu = useEmulator();

/** A stack's query for `bindings` (key -> env and org), with the construct's keys. */
function stackQuery(bindings: Record<string, { env: string; org: string; allowed?: string }>, extra: Record<string, string> = {}): string {
  const q: Record<string, string> = { ...extra };
  for (const [key, b] of Object.entries(bindings)) {
    q[`${key}:author_url`] = emu.authorUrl(b.env);
    q[`${key}:org`] = b.org;
    q[`${key}:ims_endpoint`] = emu.url;
    q[`${key}:settings_path`] = '/adobe/assets/settings/creative-cloud';
    if (b.allowed) q[`${key}:allowed_orgs`] = b.allowed;
  }
  return JSON.stringify(q);
}
const read = (stdin: string, env = emu.userEnv()) => runCli(['read'], { env, stdin });

const FIELDS = ['org_id', 'org_name', 'generation', 'in_sync', 'token', 'desired_org_id', 'desired_org_name'];

test('three bindings: each answer under its construct path, as the one-environment read answers it', async () => {
  const r = await read(
    stackQuery({
      'prod/dev-cc': { env: 'dev', org: 'Contoso Creative (Dev)' },
      'prod/group/stage-cc': { env: 'stage', org: ORGS.stage },
      'prod/prod-cc': { env: 'prod', org: 'Contoso Creative (Prod)' },
    }),
  );
  expectCode(r, 0);
  const out = json<Record<string, string>>(r);
  expect(Object.keys(out).sort()).toEqual(
    ['prod/dev-cc', 'prod/group/stage-cc', 'prod/prod-cc'].flatMap((k) => FIELDS.map((f) => `${k}:${f}`)).sort(),
  );
  expect(out).toMatchObject({
    'prod/dev-cc:token': `${ORGS.dev}#2`,
    'prod/dev-cc:org_id': '',
    'prod/group/stage-cc:token': `${ORGS.stage}#4`,
    'prod/group/stage-cc:org_name': 'Contoso Marketing',
    'prod/prod-cc:token': `${ORGS.prod}#7`,
    'prod/prod-cc:in_sync': 'true',
  });
  // The same values the one-environment form gives, binding by binding.
  for (const [key, env, org] of [
    ['prod/dev-cc', 'dev', 'Contoso Creative (Dev)'],
    ['prod/prod-cc', 'prod', 'Contoso Creative (Prod)'],
  ]) {
    const single = json<Record<string, string>>(await read(JSON.stringify({ author_url: emu.authorUrl(env!), org, ims_endpoint: emu.url })));
    for (const f of FIELDS) expect({ key, f, value: out[`${key}:${f}`] }).toEqual({ key, f, value: single[f] });
  }
});

test('requests: one binding read per environment and one organizations request for them all, in parallel', async () => {
  const envs = ['dev', 'stage', 'prod', 'sandbox'];
  const r = await read(stackQuery(Object.fromEntries(envs.map((e) => [`s/${e}`, { env: e, org: ORGS.dev }]))));
  expectCode(r, 0);
  expectRequests(await emu.requests(), [[...envs.map((e) => REQ.bindingGet(e)), REQ.orgs()]]);
});

test('client credentials: one token request for the whole stack', async () => {
  const r = await read(stackQuery({ 's/a': { env: 'dev', org: ORGS.dev }, 's/b': { env: 'stage', org: ORGS.stage } }), emu.clientEnv());
  expectCode(r, 0);
  expectRequests(await emu.requests(), [REQ.token(), [REQ.bindingGet('dev'), REQ.bindingGet('stage'), REQ.orgs()]]);
});

test('a failure in some environments fails the read; each names its binding and author URL, the others are not reported', async () => {
  const r = await read(
    stackQuery({
      'prod/ok': { env: 'dev', org: ORGS.dev },
      'prod/unknown': { env: 'stage', org: 'Contoso Creatve (Stage)' },
      'prod/outside': { env: 'prod', org: ORGS.prod, allowed: ORGS.dev },
    }),
  );
  const lines = expectErrors(r, 3, ['org_not_found', 'org_not_allowed']);
  expect(lines[0]!.message).toMatch(
    new RegExp(`^binding "prod/unknown" \\(${emu.authorUrl('stage')}\\): no org named "Contoso Creatve \\(Stage\\)"`),
  );
  expect(lines[0]!.message).toContain('TF_CLI_ARGS_destroy=-refresh=false'); // the ways out of a blocked destroy
  expect(lines[1]!.message).toMatch(new RegExp(`^binding "prod/outside" \\(${emu.authorUrl('prod')}\\): Contoso Creative \\(Prod\\)`));
  expect(r.stdout).toBe('');
});

test.each([
  [{ 'a:author_url': 'https://author-p1-e2.adobeaemcloud.com', 'a:org': 'X', 'a:colour': 'blue' }, /the key "a:colour"; a binding's keys are/],
  [{ 'a:author_url': 'https://author-p1-e2.adobeaemcloud.com', 'a:org': 'X', org: 'Y' }, /the key "org" without a binding prefix/],
  [{ ':org': 'X' }, /the key ":org"/],
  [{ 'a:author_url': 'https://author-p1-e2.adobeaemcloud.com' }, /^binding "a": the read query has no "org"/],
  [{ 'a:author_url': 'ftp://x', 'a:org': 'X' }, /^binding "a": the author URL/],
  [{ 'a:author_url': 'https://author-p1-e2.adobeaemcloud.com', 'a:org': 'X', timeout_ms: 'soon' }, /^binding "a": the timeout/],
])('a malformed stack query %j is refused before any request', async (query, message) => {
  const r = await read(JSON.stringify(query));
  const [line] = expectErrors(r, 2, ['invalid_input']);
  expect(line!.message).toMatch(message);
  expect(await emu.requests()).toEqual([]);
});
