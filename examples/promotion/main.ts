// Environment promotion: one stack per stage (dev, stage, prod), each binding its own AEM Assets
// environment to its own Creative Cloud org, all read from one reviewed JSON file (see config.ts).
//   cd examples/promotion && npx cdktf diff stage && npx cdktf deploy dev
// STAGES_FILE names another stages file (the tests and the README run point it at the emulator).
// Credentials never appear here: the handler reads AEM_CC_ACCESS_TOKEN and/or AEM_CC_CLIENT_ID and
// AEM_CC_CLIENT_SECRET from the environment of the cdktf process (your CI's secret store, per stage);
// the switch needs the user token, plans can read with the client credentials.
import * as path from 'node:path';
import { App, LocalBackend, S3Backend, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AemCreativeCloudOrgBinding, RemovalPolicy } from 'cdktf-aem-creative-cloud';
import { ConfigError, loadStages, StageConfig, StageName, STAGES } from './config';

/**
 * Where each stage keeps its state. Locally: a file per stage next to this app (the path is relative
 * to the stack's directory, cdktf.out/stacks/<stage>, so no machine path is synthesized). A team sets
 * TF_STATE_BUCKET (and AWS credentials) so each stage's state lives in S3 under its own key, shared by
 * every laptop and CI run; any other remote backend (RemoteBackend/HCP Terraform, GCS, azurerm) works
 * the same way, one key or workspace per stage.
 */
function stateBackend(stack: TerraformStack, stage: StageName): void {
  const bucket = process.env.TF_STATE_BUCKET;
  if (bucket) {
    const backend = new S3Backend(stack, {
      bucket,
      key: `${process.env.TF_STATE_PREFIX ?? 'aem-creative-cloud'}/${stage}.tfstate`,
      region: process.env.TF_STATE_REGION ?? process.env.AWS_REGION ?? 'us-east-1',
      encrypt: true,
    });
    // S3-native state locking (OpenTofu >= 1.10, Terraform >= 1.10): one deploy per stage at a time.
    backend.addOverride('use_lockfile', true);
  } else {
    new LocalBackend(stack, { path: `../../../terraform.${stage}.tfstate` });
  }
}

class StageStack extends TerraformStack {
  readonly binding: AemCreativeCloudOrgBinding;

  constructor(scope: Construct, stage: StageName, config: StageConfig, imsEndpoint: string | undefined) {
    super(scope, stage);
    stateBackend(this, stage);
    this.binding = new AemCreativeCloudOrgBinding(this, 'creative-cloud', {
      authorUrl: config.authorUrl,
      org: config.org,
      allowedOrgs: config.allowedOrgs,
      removalPolicy: config.removalPolicy === 'retain' ? RemovalPolicy.retain() : RemovalPolicy.revertTo(config.removalPolicy.revertTo),
      imsEndpoint,
    });
  }
}

function main(): void {
  const file = process.env.STAGES_FILE || path.join(__dirname, 'stages.json');
  const config = loadStages(file, process.env.STAGES_FILE || 'stages.json');
  const app = new App();
  for (const stage of STAGES) {
    try {
      new StageStack(app, stage, config.stages[stage], config.imsEndpoint);
    } catch (e) {
      // The construct's own checks (URL rules, allowedOrgs, one binding per author URL) name the
      // construct path; say which stage's configuration to fix.
      throw new ConfigError(`stage "${stage}": ${(e as Error).message}`);
    }
  }
  app.synth();
}

try {
  main();
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  // A configuration error is the user's to fix: the message alone, no stack trace.
  process.stderr.write(`promotion: invalid configuration:\n${e.message.replace(/^/gm, '  ')}\n`);
  process.exit(1);
}
