/**
 * Removing a binding from the app with its removal policy honoured.
 *
 * Deleting an `AemCreativeCloudOrgBinding` from the code and deploying destroys its `null_resource`
 * without running its destroy-time provisioner (the engine runs it only while the resource block is
 * still in the configuration), so `RemovalPolicy.revertTo` would silently not happen. Replace the
 * binding with this construct, under the same id, instead: it synthesizes a `removed` block (provisioners in
 * `removed` blocks: Terraform >= 1.9, OpenTofu >= 1.10; tested with Terraform 1.15.9 and OpenTofu 1.12.6) with
 * `destroy = true` and the same destroy provisioner, which reads the policy recorded in the state and takes
 * the handler's path and settings from the configuration as it is now (hence its props). Once deployed, it
 * can be deleted.
 */
import { Construct } from 'constructs';
import type { AemCreativeCloudOrgBindingProps } from './binding';
import { FLAVOUR, TerraformElement, TerraformStack } from './core';
import { checkCore } from './peers';
import { destroyProvisionerJson, ensureProviders, HandlerConfig, handlerConfig } from './provisioners';
import { PropChecks, validateHandlerProps } from './validate';

/**
 * The removed binding's props, as they were: only `imsEndpoint`, `settingsPath` and `allowedOrgs` are used
 * (the destroy runs against that IMS and settings path, and reverts only to an allowed org); the author URL,
 * the removal policy and the binding token come from the state. Every prop is optional, so the binding's
 * own props object can be passed unchanged.
 */
export type AemCreativeCloudOrgBindingRemovedProps = Partial<AemCreativeCloudOrgBindingProps>;

/**
 * Removes an `AemCreativeCloudOrgBinding` from the app with its removal policy honoured: put it in the
 * binding's place, under the same scope and id, and deploy once; the engine runs the binding's destroy
 * (for `RemovalPolicy.revertTo`, the switch back) with the policy recorded in the state. Then delete it.
 * Deleting the binding from the code instead removes it without running its removal policy.
 *
 * @example
 * // Before: new AemCreativeCloudOrgBinding(stack, 'creative-cloud', props), with
 * // props = { authorUrl, org, removalPolicy: RemovalPolicy.revertTo('Contoso Creative (Dev)'), imsEndpoint }.
 * new AemCreativeCloudOrgBindingRemoved(stack, 'creative-cloud', props);
 */
export class AemCreativeCloudOrgBindingRemoved extends Construct {
  /**
   * @param scope the scope the removed binding had
   * @param id the id the removed binding had
   * @param props the removed binding's props (see `AemCreativeCloudOrgBindingRemovedProps`); default: none, which
   *   is right for a binding that used the default IMS endpoint and settings path and no allowedOrgs
   * @throws Error `AemCreativeCloudOrgBindingRemoved <path>: ...` when the construct came from the other core's entry
   *   point, or when imsEndpoint, settingsPath or allowedOrgs is refused (as the binding refuses them)
   */
  constructor(scope: Construct, id: string, props: AemCreativeCloudOrgBindingRemovedProps = {}) {
    super(scope, id);
    checkCore(this, 'AemCreativeCloudOrgBindingRemoved', FLAVOUR);
    const settings = validateHandlerProps(props, new PropChecks(`AemCreativeCloudOrgBindingRemoved ${this.node.path}`));
    ensureProviders(TerraformStack.of(this));
    // Same construct path as the binding's `null_resource`, hence the same logical id.
    new RemovedBlock(this, 'binding', handlerConfig(this, settings));
  }
}

class RemovedBlock extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    private readonly handler: HandlerConfig,
  ) {
    super(scope, id, 'removed');
  }

  toTerraform(): Record<string, unknown> {
    return {
      removed: [
        {
          from: `null_resource.${this.friendlyUniqueId}`,
          lifecycle: { destroy: true },
          provisioner: [destroyProvisionerJson(this.handler)],
        },
      ],
    };
  }
}
