/**
 * The synth-time checks of a binding's props, kept apart from rendering: every prop goes through the
 * handler's own parser (src/inputs.ts), so the construct refuses at synth exactly what the handler would
 * refuse at deploy time, with the construct's path in front. A value Terraform resolves only at deploy time
 * (a token: a variable, another resource's attribute) is left to the handler, which checks it when it runs,
 * except where the destroy-time provisioner needs it as a literal (`validateHandlerProps`).
 */
import { Token } from './core';
import { cloudManagerAuthorUrl } from '../src/cloud-manager';
import { OrgRef, parseAllowedOrgs, parseAuthorUrl, parseImsEndpoint, parseOrg, parseSettingsPath } from '../src/inputs';
import type { AemCreativeCloudOrgBindingProps } from './binding';
import { RemovalPolicy } from './removal-policy';

/** Turns a parser's error into a synth error that names the construct: `<what> <path>: <message>`. */
export class PropChecks {
  /** @param prefix what and where, e.g. `AemCreativeCloudOrgBinding prod/creative-cloud` */
  constructor(private readonly prefix: string) {}

  /** @throws Error `<prefix>: <message>` */
  fail(message: string): never {
    throw new Error(`${this.prefix}: ${message}`);
  }

  /**
   * `parse(value)`, or undefined when `value` is a token (checked by the handler at run time).
   * @throws Error `<prefix>: <the parser's message>` when the parser refuses the value
   */
  parse<T>(value: unknown, parse: (v: unknown) => T): T | undefined {
    if (typeof value === 'string' && Token.isUnresolved(value)) return undefined;
    try {
      return parse(value);
    } catch (e) {
      return this.fail((e as Error).message);
    }
  }
}

/** The props both constructs take for the handler: written into the provisioners as literals. */
export type HandlerProps = Pick<AemCreativeCloudOrgBindingProps, 'allowedOrgs' | 'imsEndpoint' | 'settingsPath'>;

/** The handler settings after the synth-time checks, defaults filled in. */
export interface HandlerSettings {
  readonly imsEndpoint: string;
  readonly settingsPath: string;
  /** The allowed org ids, comma-separated as the handler takes them; '' for any org. */
  readonly allowedOrgs: string;
  /** The same ids as a list; undefined for any org. */
  readonly allowed?: string[];
}

/**
 * Checks the props that reach the handler as literals of the provisioners, and fills in the defaults.
 * @throws Error `<construct> <path>: ...` (through `checks`) for a token (the destroy-time provisioner may
 *   reference only the resource itself, so these must be known at synth), an empty allowedOrgs, or a value
 *   the handler's parser refuses
 */
export function validateHandlerProps(props: HandlerProps, checks: PropChecks): HandlerSettings {
  const tokens = [
    ['imsEndpoint', [props.imsEndpoint]],
    ['settingsPath', [props.settingsPath]],
    ['allowedOrgs', props.allowedOrgs === undefined ? [] : [props.allowedOrgs, ...props.allowedOrgs]],
  ] as const;
  for (const [name, values] of tokens) {
    if (values.some((v) => v !== undefined && Token.isUnresolved(v))) {
      checks.fail(
        `${name} is a token (a Terraform variable or another resource's attribute), known only at deploy time; checked: ${name} is ` +
          `written into the destroy-time provisioner, which may reference nothing but the resource itself. Give ${name} as a plain ` +
          `value when the app synthesizes (e.g. read from process.env), not as a token.`,
      );
    }
  }
  if (props.allowedOrgs !== undefined && props.allowedOrgs.length === 0) {
    checks.fail(
      `allowedOrgs is an empty list, which would allow nothing; list the org ids this environment may be bound to, or leave allowedOrgs out.`,
    );
  }
  const allowedOrgs = (props.allowedOrgs ?? []).join(',');
  return {
    imsEndpoint: checks.parse(props.imsEndpoint, parseImsEndpoint)!,
    settingsPath: checks.parse(props.settingsPath, parseSettingsPath)!,
    allowedOrgs,
    allowed: checks.parse(props.allowedOrgs === undefined ? undefined : allowedOrgs, parseAllowedOrgs),
  };
}

/** A binding's props after the synth-time checks: what rendering needs, defaults filled in. */
export interface BindingInputs {
  /**
   * The author URL as given (a token stays a token) or derived from the Cloud Manager ids: what the
   * triggers and the plan-time read carry.
   */
  readonly authorUrl: string;
  /** The author URL normalized (a token as given): what two bindings are compared on. */
  readonly normalizedAuthorUrl: string;
  /** The org as given. */
  readonly org: string;
  /** The org parsed; undefined when it is a token. */
  readonly orgRef?: OrgRef;
  readonly removalPolicy: RemovalPolicy;
  /** What the provisioners carry as literals. */
  readonly settings: HandlerSettings;
  readonly driftDetection: boolean;
}

/**
 * The author URL from exactly one of its two forms: `authorUrl` as given (it may be a token), or derived
 * from the Cloud Manager ids, which must then be known at synth (the URL is built, and compared with the
 * app's other bindings, at synth).
 * @throws Error (through `checks`) for both forms or neither, one id without the other, an id that is a
 *   token, or an id that is not a Cloud Manager id
 */
function authorUrlOf(props: AemCreativeCloudOrgBindingProps, checks: PropChecks): string {
  const ids = { programId: props.programId, environmentId: props.environmentId };
  const given = Object.entries(ids).filter(([, v]) => v !== undefined);
  const example = `programId: 'p1234', environmentId: 'e5678'`;
  if (given.length === 0) {
    if (props.authorUrl !== undefined) return props.authorUrl;
    checks.fail(
      `no environment given; set authorUrl (e.g. https://author-p1234-e5678.adobeaemcloud.com), or programId and environmentId ` +
        `(its Cloud Manager ids, e.g. ${example}).`,
    );
  }
  if (props.authorUrl !== undefined) {
    checks.fail(
      `authorUrl is given together with ${given.map(([k]) => k).join(' and ')}, and both forms name the environment; give ` +
        `authorUrl, or programId and environmentId, not both.`,
    );
  }
  if (given.length === 1) {
    const [has, missing] = props.programId !== undefined ? ['programId', 'environmentId'] : ['environmentId', 'programId'];
    checks.fail(`${has} is given without ${missing}; give both Cloud Manager ids (e.g. ${example}), or authorUrl instead.`);
  }
  for (const [name, value] of given) {
    if (Token.isUnresolved(value)) {
      checks.fail(
        `${name} is a token, known only at deploy time; checked: the author URL is derived from the Cloud Manager ids at synth, and ` +
          `compared with the app's other bindings. Give the id itself, or give authorUrl instead (which may be a token).`,
      );
    }
  }
  return checks.parse(ids, (v) => cloudManagerAuthorUrl((v as typeof ids).programId, (v as typeof ids).environmentId))!;
}

/**
 * Checks a binding's props and fills in the defaults.
 * @throws Error `AemCreativeCloudOrgBinding <path>: <what was wrong and the fix>` (through `checks`) for the
 *   first prop that is refused: an unknown removal policy; no environment, or two (see `authorUrlOf`), or a
 *   bad Cloud Manager id; a malformed author URL, org or revertTo; what
 *   `validateHandlerProps` refuses; an org or revertTo id outside allowedOrgs
 */
export function validateBindingProps(props: AemCreativeCloudOrgBindingProps, checks: PropChecks): BindingInputs {
  const policy = props.removalPolicy ?? RemovalPolicy.retain();
  if (!(policy instanceof RemovalPolicy)) {
    checks.fail(`removalPolicy must be RemovalPolicy.retain() or RemovalPolicy.revertTo(org); got ${JSON.stringify(policy)}.`);
  }
  const authorUrl = authorUrlOf(props, checks);
  const normalizedAuthorUrl = checks.parse(authorUrl, parseAuthorUrl) ?? authorUrl;
  const orgRef = checks.parse(props.org, (v) => parseOrg(v, 'the org'));
  const settings = validateHandlerProps(props, checks);
  const allowed = settings.allowed;
  if (orgRef?.kind === 'id' && allowed && !allowed.includes(orgRef.id)) {
    checks.fail(`org ${orgRef.id} is not in allowedOrgs (${allowed.join(', ')}); if the org is right, add it to allowedOrgs, otherwise fix org.`);
  }
  if (policy.kind === 'revert') {
    const to = checks.parse(policy.revertTo, (v) => parseOrg(v, 'the org to revert to (RemovalPolicy.revertTo)'));
    if (to?.kind === 'id' && allowed && !allowed.includes(to.id)) {
      checks.fail(`RemovalPolicy.revertTo(${to.id}) is not in allowedOrgs (${allowed.join(', ')}); add it, or revert to an allowed org.`);
    }
  }
  return {
    authorUrl,
    normalizedAuthorUrl,
    org: props.org,
    orgRef,
    removalPolicy: policy,
    settings,
    driftDetection: props.driftDetection ?? true,
  };
}
