/**
 * The promotion app's per-stage configuration: one JSON file (`stages.json` next to this file, or the
 * file named by `STAGES_FILE`) read and checked before any stack is built, so a bad value fails synth
 * with the file, the stage and the field in the message, e.g.
 *   stages.json: stages.prod.allowedOrgs[0]: "C0FFEE..." is not an org id (24 upper-case hex digits + @AdobeOrg)
 *
 * Shape (every stage required, no other keys):
 *   {
 *     "imsEndpoint": "https://ims-na1.adobelogin.com",          // optional; the IMS base URL for all stages
 *     "stages": {
 *       "dev":   { "authorUrl": "https://author-p…-e….adobeaemcloud.com",
 *                  "org": "<org id …@AdobeOrg, or the org's exact name>",
 *                  "allowedOrgs": ["<org id>", …],              // optional guardrail; ids only, never names
 *                  "removalPolicy": "retain" },                  // optional; or { "revertTo": "<org id or name>" }
 *       "stage": { … },
 *       "prod":  { … }
 *     }
 *   }
 */
import * as fs from 'node:fs';
import { z } from 'zod';

export const STAGES = ['dev', 'stage', 'prod'] as const;
export type StageName = (typeof STAGES)[number];

/** An IMS org id: exactly 24 upper-case hex digits and `@AdobeOrg` (the same rule as the construct). */
const ORG_ID_RE = /^[0-9A-F]{24}@AdobeOrg$/;

/** A config error: the message already names the file, the stage and the field. */
export class ConfigError extends Error {}

function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** https, or http on loopback only (the emulator); the construct checks the rest of the URL rules. */
const ServiceUrl = (example: string) =>
  z.string().superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} is not a URL; expected e.g. ${example}` });
      return;
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
      ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} must use https:// (http is accepted only on loopback, for the emulator)` });
    }
  });

const OrgId = z.string().regex(ORG_ID_RE, {
  error: (iss) =>
    `${JSON.stringify(iss.input)} is not an org id (24 upper-case hex digits + @AdobeOrg); allowedOrgs takes ids only, so a rename cannot get around it`,
});
const OrgRef = z
  .string()
  .min(1, { error: "must be an org id (…@AdobeOrg) or the org's exact name, not empty" })
  .refine((v) => v.trim() === v, { error: 'has leading or trailing white space; remove it (org names are matched exactly)' });

const RemovalPolicySchema = z.union([z.literal('retain'), z.strictObject({ revertTo: OrgRef })], {
  error: 'must be "retain" or { "revertTo": "<org id or exact name>" }',
});

const StageSchema = z.strictObject(
  {
    authorUrl: ServiceUrl('https://author-p1234-e5678.adobeaemcloud.com'),
    org: OrgRef,
    allowedOrgs: z
      .array(OrgId)
      .min(1, { error: 'is empty, which would allow nothing; list the org ids this stage may be bound to, or leave allowedOrgs out' })
      .optional(),
    removalPolicy: RemovalPolicySchema.default('retain'),
  },
  {
    // Only for "not an object" (a missing stage above all); other issues (unknown keys) keep zod's message.
    error: (iss) => {
      if (iss.code !== 'invalid_type') return undefined;
      return iss.input === undefined
        ? `is missing; configure every stage (${STAGES.join(', ')})`
        : 'must be an object with authorUrl, org and optionally allowedOrgs and removalPolicy';
    },
  },
);

const StagesFileSchema = z.strictObject({
  imsEndpoint: ServiceUrl('https://ims-na1.adobelogin.com').optional(),
  stages: z.strictObject({ dev: StageSchema, stage: StageSchema, prod: StageSchema }),
});

export type StageConfig = z.output<typeof StageSchema>;
export type StagesConfig = z.output<typeof StagesFileSchema>;

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out || '(top level)';
}

/** Same environment, whatever the case of the host or a trailing slash. */
function environmentKey(authorUrl: string): string {
  const url = new URL(authorUrl);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** The promotion guardrails that span fields or stages (each problem names its stage). */
function guardrails(config: StagesConfig): Array<{ path: string; message: string }> {
  const problems: Array<{ path: string; message: string }> = [];
  for (const stage of STAGES) {
    const s = config.stages[stage];
    if (!s.allowedOrgs) continue;
    const allowed = s.allowedOrgs.join(', ');
    if (ORG_ID_RE.test(s.org) && !s.allowedOrgs.includes(s.org)) {
      problems.push({
        path: `stages.${stage}.org`,
        message: `stage "${stage}" may not be bound to org ${s.org}: it is not in stages.${stage}.allowedOrgs (${allowed}). If the org is right, add it to allowedOrgs in the same reviewed change; otherwise fix org.`,
      });
    }
    const revertTo = s.removalPolicy === 'retain' ? undefined : s.removalPolicy.revertTo;
    if (revertTo && ORG_ID_RE.test(revertTo) && !s.allowedOrgs.includes(revertTo)) {
      problems.push({
        path: `stages.${stage}.removalPolicy.revertTo`,
        message: `stage "${stage}" may not revert to org ${revertTo}: it is not in stages.${stage}.allowedOrgs (${allowed}).`,
      });
    }
  }
  // One AEM environment per stage: two stages on one author URL would switch it back and forth, and a
  // dev change would land in prod.
  const seen = new Map<string, StageName>();
  for (const stage of STAGES) {
    const key = environmentKey(config.stages[stage].authorUrl);
    const earlier = seen.get(key);
    if (earlier) {
      problems.push({
        path: `stages.${stage}.authorUrl`,
        message: `stages "${earlier}" and "${stage}" point at the same AEM environment (${key}); each stage must have its own author URL, or a change meant for "${earlier}" would land in "${stage}".`,
      });
    } else {
      seen.set(key, stage);
    }
  }
  return problems;
}

/**
 * Reads and checks a stages file. `shownAs` is how messages name it (the path as the user gave it).
 * Throws a ConfigError listing every problem, one per line.
 */
export function loadStages(file: string, shownAs: string = file): StagesConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`${shownAs}: cannot read the stages file: ${(e as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${shownAs}: not valid JSON: ${(e as Error).message}`);
  }
  return parseStages(value, shownAs);
}

/** Checks an already parsed stages value; see `loadStages`. */
export function parseStages(value: unknown, shownAs = 'stages.json'): StagesConfig {
  const result = StagesFileSchema.safeParse(value);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${shownAs}: ${formatPath(i.path)}: ${i.message}`);
    throw new ConfigError(lines.join('\n'));
  }
  const problems = guardrails(result.data);
  if (problems.length > 0) throw new ConfigError(problems.map((p) => `${shownAs}: ${p.path}: ${p.message}`).join('\n'));
  return result.data;
}
