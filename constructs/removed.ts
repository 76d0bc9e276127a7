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

export class AemCreativeCloudOrgBindingRemoved extends Construct {
  /** Use the same scope and id the removed `AemCreativeCloudOrgBinding` had. */
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
