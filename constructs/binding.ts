/**
 * `AemCreativeCloudOrgBinding`: the Creative Cloud org an AEM Assets environment is bound to, as a
 * resource with plan/apply semantics. It synthesizes, with the engine's own providers:
 * - a `data "external"` that runs the handler's `read` at plan time (drift shows in `cdktf diff`);
 * - a `null_resource` whose triggers hold only non-secret inputs and the binding token the read
 *   predicts, with `local-exec` provisioners running the handler's `apply` (create) and `destroy`;
 * - outputs describing the binding as it will be after the apply.
 * Values reach the handler through the provisioners' `environment` maps, never a command string, and
 * credentials never appear in the configuration at all: the handler reads them from the environment.
 */
import * as path from 'node:path';
import { Construct, IConstruct } from 'constructs';
import { App, DataExternal, FLAVOUR, Fn, Resource, TerraformOutput, TerraformStack, Token } from './core';
import { checkCore } from './peers';
import { parseAllowedOrgs, parseAuthorUrl, parseImsEndpoint, parseOrg, parseSettingsPath } from '../src/inputs';
import { handlerPathFrom } from './handler-path';
import { applyProvisioner, destroyProvisioner, ensureProviders } from './provisioners';
import { RemovalPolicy } from './removal-policy';

export interface AemCreativeCloudOrgBindingProps {
  /**
   * The AEM author base URL of the environment, e.g. `https://author-p1234-e5678.adobeaemcloud.com`.
   * https only; http is accepted on loopback (the emulator).
   */
  readonly authorUrl: string;
  /** The Creative Cloud org to bind: an org id (`…@AdobeOrg`) or the org's exact name. */
  readonly org: string;
  /**
   * Org ids this environment may ever be bound to: a guardrail per stage. An org id outside it fails
   * synth; an org given by name is checked at plan and apply (`org_not_allowed`).
   * @default - any org the acting identity may switch to
   */
  readonly allowedOrgs?: string[];
  /**
   * What destroying this resource does to the live binding.
   * @default RemovalPolicy.retain()
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * The Adobe IMS base URL.
   * @default 'https://ims-na1.adobelogin.com'
   */
  readonly imsEndpoint?: string;
  /**
   * The path of the Creative Cloud settings endpoint on the author (Adobe does not publish it).
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
  /** The plan-time read, when drift detection is on. */
  readonly liveRead?: DataExternal;
  /** The author URL as validated (normalized), for duplicate detection. */
  readonly authorUrl: string;

  constructor(scope: Construct, id: string, props: AemCreativeCloudOrgBindingProps) {
    super(scope, id);
    checkCore(this, 'AemCreativeCloudOrgBinding', FLAVOUR);
    const fail = (message: string): never => {
      throw new Error(`AemCreativeCloudOrgBinding ${this.node.path}: ${message}`);
    };
    const check = <T>(value: unknown, parse: (v: unknown) => T): T | undefined => {
      // Unresolved tokens (variables, other resources' attributes) are checked by the handler at run time.
      if (typeof value === 'string' && Token.isUnresolved(value)) return undefined;
      try {
        return parse(value);
      } catch (e) {
        return fail((e as Error).message);
      }
    };

    const policy = props.removalPolicy ?? RemovalPolicy.retain();
    if (!(policy instanceof RemovalPolicy)) {
      fail(`removalPolicy must be RemovalPolicy.retain() or RemovalPolicy.revertTo(org); got ${JSON.stringify(policy)}.`);
    }
    this.authorUrl = check(props.authorUrl, parseAuthorUrl) ?? props.authorUrl;
    const org = check(props.org, (v) => parseOrg(v, 'the org'));
    const allowed = props.allowedOrgs?.some((o) => Token.isUnresolved(o))
      ? undefined
      : check(props.allowedOrgs === undefined ? undefined : props.allowedOrgs.join(','), parseAllowedOrgs);
    if (props.allowedOrgs !== undefined && props.allowedOrgs.length === 0) {
      fail(`allowedOrgs is an empty list, which would allow nothing; list the org ids this environment may be bound to, or leave allowedOrgs out.`);
    }
    if (org?.kind === 'id' && allowed && !allowed.includes(org.id)) {
      fail(`org ${org.id} is not in allowedOrgs (${allowed.join(', ')}); if the org is right, add it to allowedOrgs, otherwise fix org.`);
    }
    if (policy.kind === 'revert') {
      const to = check(policy.revertTo, (v) => parseOrg(v, 'the org to revert to (RemovalPolicy.revertTo)'));
      if (to?.kind === 'id' && allowed && !allowed.includes(to.id)) {
        fail(`RemovalPolicy.revertTo(${to.id}) is not in allowedOrgs (${allowed.join(', ')}); add it, or revert to an allowed org.`);
      }
    }
    const imsEndpoint = check(props.imsEndpoint, parseImsEndpoint) ?? props.imsEndpoint!;
    const settingsPath = check(props.settingsPath, parseSettingsPath) ?? props.settingsPath!;
    this.refuseDuplicate();

    const stack = TerraformStack.of(this);
    ensureProviders(stack);
    const handler = handlerPathFrom(path.resolve(App.of(this).outdir, 'stacks', stack.node.id));
    const driftDetection = props.driftDetection ?? true;
    const allowedText = (props.allowedOrgs ?? []).join(',');

    if (driftDetection) {
      this.liveRead = new DataExternal(this, 'live', {
        program: ['node', handler, 'read'],
        query: {
          author_url: props.authorUrl,
          org: props.org,
          ims_endpoint: imsEndpoint,
          settings_path: settingsPath,
          ...(allowedText ? { allowed_orgs: allowedText } : {}),
        },
      });
    }
    const result = (key: string) => this.liveRead!.result.lookup(key);
    const token = driftDetection ? result('token') : props.org;

    // Only non-secret inputs; a change to any of them replaces the resource (create before destroy).
    const triggers: Record<string, string> = {
      author_url: props.authorUrl,
      org: props.org,
      allowed_orgs: allowedText,
      removal_policy: policy.kind,
      revert_to: policy.revertTo ?? '',
      ims_endpoint: imsEndpoint,
      settings_path: settingsPath,
      binding_token: token,
      handler,
    };
    if (driftDetection) {
      // What the plan saw live, so a reviewer of `cdktf diff` sees the org it switches away from. Set on
      // create and replace only (ignore_changes): after the switch it would differ, and must not replace.
      const r = `${this.liveRead!.fqn}.result`;
      triggers.live_org = `\${${r}.org_id == "" ? "no org" : "\${${r}.org_name} (\${${r}.org_id})"}, generation \${${r}.generation}`;
    }
    this.resource = new Resource(this, 'binding', {
      triggers,
      lifecycle: { createBeforeDestroy: true, ignoreChanges: driftDetection ? ['triggers["live_org"]'] : undefined },
      provisioners: [applyProvisioner(), destroyProvisioner()],
    });

    if (driftDetection) {
      this.orgId = result('desired_org_id');
      this.orgName = result('desired_org_name');
      this.generation = Fn.element(Fn.split('#', token), 1);
      this.inSync = result('in_sync');
    } else {
      this.orgId = org?.kind === 'id' ? org.id : props.org;
      this.orgName = org?.kind === 'name' ? org.name : '';
      this.generation = '';
      this.inSync = '';
    }
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
