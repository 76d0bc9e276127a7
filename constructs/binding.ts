/**
 * `AemCreativeCloudOrgBinding`: the Creative Cloud org an AEM Assets environment is bound to, as a
 * resource with plan/apply semantics. It synthesizes, with the engine's own providers:
 * - its share of the stack's one `data "external"`, which runs the handler's `read` at plan time for every
 *   binding of the stack (drift shows in `cdktf diff`; live-read.ts);
 * - a `null_resource` whose triggers hold only the remote intent (author URL, org, removal policy) and
 *   the binding token the read predicts, with `local-exec` provisioners running the handler's `apply`
 *   (create) and `destroy`;
 * - outputs describing the binding as it will be after the apply.
 * Values reach the handler through the provisioners' `environment` maps, never a command string, and
 * credentials never appear in the configuration at all: the handler reads them from the environment.
 */
import { Construct, IConstruct } from 'constructs';
import { conditional, DataExternal, FLAVOUR, Fn, Op, Resource, TerraformOutput, TerraformStack, Token } from './core';
import { StackLiveRead } from './live-read';
import { checkCore } from './peers';
import { applyProvisioner, destroyProvisioner, ensureProviders, HandlerConfig, handlerConfig, RETIRED_TRIGGERS, TRIGGER } from './provisioners';
import { RemovalPolicy } from './removal-policy';
import { BindingInputs, PropChecks, validateBindingProps } from './validate';

/**
 * Which environment (exactly one of `authorUrl`, or `programId` with `environmentId`), which org, and how.
 */
export interface AemCreativeCloudOrgBindingProps {
  /**
   * The AEM author base URL of the environment, e.g. `https://author-p1234-e5678.adobeaemcloud.com`.
   * https only; http is accepted on loopback (the emulator). May be a token.
   * @default - derived from `programId` and `environmentId`; one of the two forms is required
   */
  readonly authorUrl?: string;
  /**
   * The environment's Cloud Manager program id, instead of `authorUrl`: `'p1234'`, `'1234'` or `1234`.
   * With `environmentId`, the author URL is `https://author-p<program>-e<environment>.adobeaemcloud.com`,
   * as Adobe documents it (src/cloud-manager.ts). Known at synth (not a token).
   * @default - none: give `authorUrl` instead
   */
  readonly programId?: string | number;
  /**
   * The environment's Cloud Manager environment id, with `programId`: `'e5678'`, `'5678'` or `5678`.
   * @default - none: give `authorUrl` instead
   */
  readonly environmentId?: string | number;
  /** The Creative Cloud org to bind: an org id (`…@AdobeOrg`) or the org's exact name. */
  readonly org: string;
  /**
   * Org ids this environment may ever be bound to: a guardrail per stage. An org id outside it fails
   * synth; an org given by name is checked at plan and apply (`org_not_allowed`). Plain strings, not
   * tokens (the destroy-time provisioner carries them). Changing it replaces nothing.
   * @default - any org the acting identity may switch to
   */
  readonly allowedOrgs?: string[];
  /**
   * What destroying this resource does to the live binding.
   * @default RemovalPolicy.retain()
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * The Adobe IMS base URL. A plain string, not a token (the destroy-time provisioner carries it).
   * Changing it replaces nothing.
   * @default 'https://ims-na1.adobelogin.com'
   */
  readonly imsEndpoint?: string;
  /**
   * The path of the Creative Cloud settings endpoint on the author (Adobe does not publish it). A plain
   * string, not a token (the destroy-time provisioner carries it). Changing it replaces nothing.
   * @default '/adobe/assets/settings/creative-cloud'
   */
  readonly settingsPath?: string;
  /**
   * Read the live binding at plan time, so a switch made by hand shows in `cdktf diff` and the next
   * deploy repairs it. Without it plans need no credentials, but drift goes unnoticed.
   * @default true
   */
  readonly driftDetection?: boolean;
}

/**
 * The Creative Cloud org an AEM as a Cloud Service Assets environment is bound to, as a resource:
 * `cdktf diff` shows the live org and the switch, `cdktf deploy` checks every prerequisite and switches
 * (or adopts a binding that is already right), and destroying it applies the removal policy.
 *
 * It synthesizes a `data "external"` that reads the live binding at plan time, a `null_resource` whose
 * provisioners run the package's handler (`aem-cc apply` on create, `aem-cc destroy` on destroy), and three
 * outputs (org id, org name, generation). Props are checked at synth; credentials are never part of the
 * configuration: the handler reads `AEM_CC_ACCESS_TOKEN` (or client credentials) from the environment.
 *
 * @example
 * import { App, TerraformStack } from 'cdktf';
 * import { AemCreativeCloudOrgBinding, RemovalPolicy } from 'cdktf-aem-creative-cloud';
 *
 * const app = new App();
 * const stack = new TerraformStack(app, 'prod');
 * new AemCreativeCloudOrgBinding(stack, 'creative-cloud', {
 *   programId: 'p1234', // Cloud Manager's ids; or authorUrl: 'https://author-p1234-e5678.adobeaemcloud.com'
 *   environmentId: 'e5678',
 *   org: 'Contoso Creative (Prod)', // or its id, '0123456789ABCDEF01234567@AdobeOrg'
 *   allowedOrgs: ['0123456789ABCDEF01234567@AdobeOrg'],
 *   removalPolicy: RemovalPolicy.retain(),
 * });
 * app.synth();
 */
export class AemCreativeCloudOrgBinding extends Construct {
  /** The bound org's id after the apply (the desired org, resolved at plan time). */
  readonly orgId: string;
  /** The bound org's name after the apply. */
  readonly orgName: string;
  /** The binding's generation after the apply, as the plan predicts it (empty without drift detection). */
  readonly generation: string;
  /**
   * Whether the live binding already matched the desired org when the plan read it ("true"/"false";
   * empty without drift detection). Unlike the other attributes it describes the binding before the
   * apply, so it is not exported as an output (it would change after every switch).
   */
  readonly inSync: string;
  /** The `null_resource` that runs the handler. */
  readonly resource: Resource;
  /**
   * The plan-time read this binding's values come from, when drift detection is on: the stack's one
   * `data "external"`, shared with the stack's other bindings (its result holds `<construct path>:<field>`).
   */
  readonly liveRead?: DataExternal;
  /** The environment's author URL, normalized or derived from the Cloud Manager ids: what duplicates are found by. */
  readonly authorUrl: string;

  /**
   * @throws Error `AemCreativeCloudOrgBinding <path>: <what was wrong, what to do>` when a prop is refused
   *   (see `validateBindingProps`), when another binding in the app has the same author URL, or when the
   *   construct came from the other core's entry point
   */
  constructor(scope: Construct, id: string, props: AemCreativeCloudOrgBindingProps) {
    super(scope, id);
    checkCore(this, 'AemCreativeCloudOrgBinding', FLAVOUR);
    const inputs = validateBindingProps(props, new PropChecks(`AemCreativeCloudOrgBinding ${this.node.path}`));
    this.authorUrl = inputs.normalizedAuthorUrl;
    this.refuseDuplicate();

    const stack = TerraformStack.of(this);
    ensureProviders(stack);
    const handler = handlerConfig(this, inputs.settings);
    const live = inputs.driftDetection ? addToLiveRead(stack, this.node.path, inputs, handler) : undefined;
    this.liveRead = live?.data;
    const token = live ? live.result('token') : inputs.org;
    this.resource = renderResource(this, inputs, token, handler, live?.result);
    ({ orgId: this.orgId, orgName: this.orgName, generation: this.generation, inSync: this.inSync } = attributes(inputs, token, live?.result));
    new TerraformOutput(this, 'org_id', { value: this.orgId, description: `Creative Cloud org bound to ${this.node.path}` });
    new TerraformOutput(this, 'org_name', { value: this.orgName });
    new TerraformOutput(this, 'generation', { value: this.generation });
    // No output for inSync: it is the plan-time comparison, so after every switch the next plan would
    // show it flip to "true" and `cdktf diff` right after a deploy could never be clean.
  }

  /** One Creative Cloud org per environment: two bindings for one author URL would fight each other. */
  private refuseDuplicate(): void {
    if (Token.isUnresolved(this.authorUrl)) return;
    const clash = this.node.root.node
      .findAll()
      .find((c: IConstruct) => c !== this && c instanceof AemCreativeCloudOrgBinding && c.authorUrl === this.authorUrl);
    if (clash) {
      throw new Error(
        `AemCreativeCloudOrgBinding ${this.node.path}: ${clash.node.path} already binds ${this.authorUrl}; an AEM Assets environment ` +
          `has one Creative Cloud org at a time, so two bindings would switch it back and forth. Keep one binding per author URL ` +
          `(check that each stage points at its own environment).`,
      );
    }
  }
}

/** A binding's values in the plan-time read: `field` -> a reference to them in the stack's read's result. */
type LiveResult = (field: string) => string;

/** Adds the binding to its stack's plan-time read, how drift shows in `cdktf diff`, under its construct path. */
function addToLiveRead(
  stack: TerraformStack,
  key: string,
  inputs: BindingInputs,
  handler: HandlerConfig,
): { data: DataExternal; result: LiveResult } {
  const read = StackLiveRead.of(stack, handler.handler);
  const result = read.add(key, {
    authorUrl: inputs.authorUrl,
    org: inputs.org,
    imsEndpoint: handler.imsEndpoint,
    settingsPath: handler.settingsPath,
    allowedOrgs: handler.allowedOrgs,
  });
  return { data: read.data, result };
}

/**
 * The `null_resource` whose triggers replace it when the binding must change, and whose provisioners switch.
 * Its triggers are the remote intent and the binding token only (provisioners.ts says why): a change to
 * any of them replaces the resource (create before destroy), and nothing else does.
 */
function renderResource(scope: Construct, inputs: BindingInputs, token: string, handler: HandlerConfig, live?: LiveResult): Resource {
  const triggers: Record<string, string> = {
    [TRIGGER.authorUrl]: inputs.authorUrl,
    [TRIGGER.org]: inputs.org,
    [TRIGGER.removalPolicy]: inputs.removalPolicy.kind,
    [TRIGGER.revertTo]: inputs.removalPolicy.revertTo ?? '',
    [TRIGGER.bindingToken]: token,
  };
  // What the plan saw live, so a reviewer of `cdktf diff` sees the org it switches away from. Set on
  // create and replace only (ignore_changes): after the switch it would differ, and must not replace.
  if (live) triggers[TRIGGER.liveOrg] = liveOrg(live);
  const ignored = [...(live ? [TRIGGER.liveOrg] : []), ...RETIRED_TRIGGERS];
  return new Resource(scope, 'binding', {
    triggers,
    lifecycle: { createBeforeDestroy: true, ignoreChanges: ignored.map((key) => `triggers["${key}"]`) },
    provisioners: [applyProvisioner(handler), destroyProvisioner(handler)],
  });
}

/**
 * "no org, generation 1" or "<name> (<id>), generation 3", from the plan-time read, written with the core's
 * expression helpers. The empty string is the left operand on purpose: cdktf 0.21 drops a falsy right
 * operand, so `Op.eq(id, '')` would render `id == undefined`, an invalid reference (cdktn renders both).
 */
function liveOrg(result: LiveResult): string {
  const org = conditional(Op.eq('', result('org_id')), 'no org', Fn.format('%s (%s)', [result('org_name'), result('org_id')]));
  return `${Token.asString(org)}, generation ${result('generation')}`;
}

/** The construct's attributes: from the plan-time read, or from the props alone without drift detection. */
function attributes(inputs: BindingInputs, token: string, live?: LiveResult) {
  if (live) {
    return {
      orgId: live('desired_org_id'),
      orgName: live('desired_org_name'),
      generation: Fn.element(Fn.split('#', token), 1),
      inSync: live('in_sync'),
    };
  }
  const org = inputs.orgRef;
  return { orgId: org?.kind === 'id' ? org.id : inputs.org, orgName: org?.kind === 'name' ? org.name : '', generation: '', inSync: '' };
}
