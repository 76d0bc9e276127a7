/**
 * Removing a binding from the app with its removal policy honoured.
 *
 * Deleting an `AemCreativeCloudOrgBinding` from the code and deploying destroys its `null_resource`
 * without running its destroy-time provisioner (the engine runs it only while the resource block is
 * still in the configuration), so `RemovalPolicy.revertTo` would silently not happen. Replace the
 * binding with this construct, under the same id, instead: it synthesizes a `removed` block (provisioners in
 * `removed` blocks: Terraform >= 1.9, OpenTofu >= 1.10; tested with Terraform 1.15.9 and OpenTofu 1.12.6) with
 * `destroy = true` and the same destroy provisioner, which reads the policy recorded in the state. Once
 * deployed, it can be deleted.
 */
import { Construct } from 'constructs';
import { FLAVOUR, TerraformElement, TerraformStack } from './core';
import { checkCore } from './peers';
import { destroyProvisionerJson, ensureProviders } from './provisioners';

/**
 * Removes an `AemCreativeCloudOrgBinding` from the app with its removal policy honoured: put it in the
 * binding's place, under the same scope and id, and deploy once; the engine runs the binding's destroy
 * (for `RemovalPolicy.revertTo`, the switch back) with the policy recorded in the state. Then delete it.
 * Deleting the binding from the code instead removes it without running its removal policy.
 *
 * @example
 * // Before: new AemCreativeCloudOrgBinding(stack, 'creative-cloud', { ..., removalPolicy: RemovalPolicy.revertTo('Contoso Creative (Dev)') });
 * new AemCreativeCloudOrgBindingRemoved(stack, 'creative-cloud');
 */
export class AemCreativeCloudOrgBindingRemoved extends Construct {
  /**
   * @param scope the scope the removed binding had
   * @param id the id the removed binding had
   * @throws Error `AemCreativeCloudOrgBindingRemoved <path>: ...` when the construct came from the other core's entry point
   */
  constructor(scope: Construct, id: string) {
    super(scope, id);
    checkCore(this, 'AemCreativeCloudOrgBindingRemoved', FLAVOUR);
    ensureProviders(TerraformStack.of(this));
    // Same construct path as the binding's `null_resource`, hence the same logical id.
    new RemovedBlock(this, 'binding');
  }
}

class RemovedBlock extends TerraformElement {
  constructor(scope: Construct, id: string) {
    super(scope, id, 'removed');
  }

  toTerraform(): Record<string, unknown> {
    return {
      removed: [
        {
          from: `null_resource.${this.friendlyUniqueId}`,
          lifecycle: { destroy: true },
          provisioner: [destroyProvisionerJson()],
        },
      ],
    };
  }
}
