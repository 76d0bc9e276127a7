/**
 * The provisioners that run the handler, shared by the binding and by its `removed` block. They read
 * every value from `self.triggers` (destroy-time provisioners may reference nothing else), reach the
 * handler through the environment map only, and run it without a shell: the interpreter list is
 * executed directly and `command` is the fixed verb.
 */
import { ExternalProvider, NullProvider, TerraformStack } from './core';
import { ENV } from '../src/contract';

const fromSelf: Record<string, string> = {
  [ENV.authorUrl]: '${self.triggers.author_url}',
  [ENV.imsEndpoint]: '${self.triggers.ims_endpoint}',
  [ENV.settingsPath]: '${self.triggers.settings_path}',
  [ENV.bindingToken]: '${self.triggers.binding_token}',
  [ENV.allowedOrgs]: '${self.triggers.allowed_orgs}',
};
const INTERPRETER = ['node', '${self.triggers.handler}'];

export function applyProvisioner() {
  return {
    type: 'local-exec' as const,
    interpreter: INTERPRETER,
    command: 'apply',
    environment: { ...fromSelf, [ENV.org]: '${self.triggers.org}' },
  };
}

export function destroyProvisioner() {
  return {
    type: 'local-exec' as const,
    when: 'destroy' as const,
    interpreter: INTERPRETER,
    command: 'destroy',
    environment: { ...fromSelf, [ENV.removalPolicy]: '${self.triggers.removal_policy}', [ENV.revertTo]: '${self.triggers.revert_to}' },
  };
}

/** The same provisioner in raw Terraform JSON, for blocks cdktf has no class for (`removed`). */
export function destroyProvisionerJson() {
  const p = destroyProvisioner();
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
