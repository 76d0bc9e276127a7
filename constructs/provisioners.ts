/**
 * The provisioners that run the handler, shared by the binding and by its `removed` block, and the
 * trigger keys they read.
 *
 * The triggers hold only the remote intent (which environment, which org, what to do on removal, and the
 * binding token): a change to any of them is a change the binding must be replaced for. Everything else the
 * handler needs (its own path, the IMS endpoint, the settings path, the allowed orgs) is a value of the
 * current configuration, written into the provisioners as a literal: a destroy-time provisioner may
 * reference nothing but `self`, but literals are allowed. So a new install layout or library version (the
 * handler's path under pnpm holds both) plans no replacement, and a destroy after an upgrade runs the
 * handler where it is now, not where the state says it was.
 *
 * Values reach the handler through the environment map only, and it runs without a shell: the interpreter
 * list is executed directly and `command` is the fixed verb.
 */
import * as path from 'node:path';
import type { IConstruct } from 'constructs';
import { App, ExternalProvider, NullProvider, TerraformStack } from './core';
import { ENV } from '../src/contract';
import { handlerPathFrom } from './handler-path';

/** The `null_resource`'s trigger keys: the remote intent, the binding token, and what the plan saw live. */
export const TRIGGER = {
  authorUrl: 'author_url',
  org: 'org',
  removalPolicy: 'removal_policy',
  revertTo: 'revert_to',
  bindingToken: 'binding_token',
  /** Display only (ignore_changes): the live org the plan read. */
  liveOrg: 'live_org',
} as const;

/**
 * Trigger keys of 0.1.0 and 0.2.0 that are no longer triggers. Listed in `ignore_changes` so that a binding
 * deployed by those versions keeps them in its state instead of being replaced on the first deploy after
 * the upgrade (tested on Terraform and OpenTofu); a binding created since never has them, and the next
 * real replacement drops them. Never reuse these names for a trigger: a change to it would be ignored.
 */
export const RETIRED_TRIGGERS = ['allowed_orgs', 'handler', 'ims_endpoint', 'settings_path'] as const;

/** What the handler needs besides the triggers, from the configuration as it is now. */
export interface HandlerConfig {
  /** The handler's path relative to the stack directory (forward slashes). */
  readonly handler: string;
  readonly imsEndpoint: string;
  readonly settingsPath: string;
  /** The allowed org ids, comma-separated; '' for any org. */
  readonly allowedOrgs: string;
}

/** The handler config of a construct in `scope`: the handler's path from its stack's directory, and `settings`. */
export function handlerConfig(scope: IConstruct, settings: Omit<HandlerConfig, 'handler'>): HandlerConfig {
  // Terraform runs provisioners and external programs in the stack's directory (cdktf.out/stacks/<stack>).
  const stackDir = path.resolve(App.of(scope).outdir, 'stacks', TerraformStack.of(scope).node.id);
  return { handler: handlerPathFrom(stackDir), ...settings };
}

const fromState = (key: (typeof TRIGGER)[keyof typeof TRIGGER]) => `\${self.triggers.${key}}`;

/** The environment both provisioners share: the environment's URL and token from the state, the rest literal. */
function environment(config: HandlerConfig): Record<string, string> {
  return {
    [ENV.authorUrl]: fromState(TRIGGER.authorUrl),
    [ENV.bindingToken]: fromState(TRIGGER.bindingToken),
    [ENV.imsEndpoint]: config.imsEndpoint,
    [ENV.settingsPath]: config.settingsPath,
    [ENV.allowedOrgs]: config.allowedOrgs,
  };
}

/** `node <handler> apply` on create: every prerequisite, then the switch to the org in the triggers. */
export function applyProvisioner(config: HandlerConfig) {
  return {
    type: 'local-exec' as const,
    interpreter: ['node', config.handler],
    command: 'apply',
    environment: { ...environment(config), [ENV.org]: fromState(TRIGGER.org) },
  };
}

/** `node <handler> destroy` at destroy time: the removal policy recorded in the state. */
export function destroyProvisioner(config: HandlerConfig) {
  return {
    type: 'local-exec' as const,
    when: 'destroy' as const,
    interpreter: ['node', config.handler],
    command: 'destroy',
    environment: {
      ...environment(config),
      [ENV.removalPolicy]: fromState(TRIGGER.removalPolicy),
      [ENV.revertTo]: fromState(TRIGGER.revertTo),
    },
  };
}

/** The same provisioner in raw Terraform JSON, for blocks cdktf has no class for (`removed`). */
export function destroyProvisionerJson(config: HandlerConfig) {
  const p = destroyProvisioner(config);
  return { 'local-exec': { when: p.when, interpreter: p.interpreter, command: p.command, environment: p.environment } };
}

/** Construct ids of the providers added to a stack once. */
const NULL_PROVIDER_ID = 'aem-cc-null';
const EXTERNAL_PROVIDER_ID = 'aem-cc-external';

export function ensureProviders(stack: TerraformStack): void {
  if (!stack.node.tryFindChild(NULL_PROVIDER_ID) && !stack.node.findAll().some((c) => c instanceof NullProvider)) {
    new NullProvider(stack, NULL_PROVIDER_ID);
  }
  if (!stack.node.tryFindChild(EXTERNAL_PROVIDER_ID) && !stack.node.findAll().some((c) => c instanceof ExternalProvider)) {
    new ExternalProvider(stack, EXTERNAL_PROVIDER_ID);
  }
}
