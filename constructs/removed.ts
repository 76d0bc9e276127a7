/**
 * Removing a binding from the app with its removal policy honoured.
 *
 * Deleting an `AemCreativeCloudOrgBinding` from the code and deploying destroys its `null_resource`
 * without running its destroy-time provisioner (the engine runs it only while the resource block is
 * still in the configuration), so `RemovalPolicy.revertTo` would silently not happen. Replace the
 * binding with this construct, under the same id, instead: it synthesizes a `removed` block (provisioners in
 * `removed` blocks: Terraform >= 1.9; tested with OpenTofu 1.12.6) with `destroy = true` and the same destroy
 * provisioner, which reads the policy recorded in the state. Once deployed, it can be deleted.
 */
import { TerraformElement, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { destroyProvisionerJson, ensureProviders } from './provisioners';

export class AemCreativeCloudOrgBindingRemoved extends Construct {
  /** Use the same scope and id the removed `AemCreativeCloudOrgBinding` had. */
  constructor(scope: Construct, id: string) {
    super(scope, id);
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
