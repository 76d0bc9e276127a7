// The smallest real app: one stack, one binding. Run it with `npx cdktf deploy` from this folder.
// AUTHOR_URL, IMS_ENDPOINT and ORG let the demo point it at the emulator; a real app writes its values.
import { App, LocalBackend, TerraformStack } from 'cdktf';
import { AemCreativeCloudOrgBinding } from 'cdktf-aem-creative-cloud';

const app = new App();
const stack = new TerraformStack(app, 'quickstart');
// State next to this file (relative to the stack's directory, so no machine path is synthesized).
new LocalBackend(stack, { path: '../../../terraform.quickstart.tfstate' });

new AemCreativeCloudOrgBinding(stack, 'creative-cloud', {
  authorUrl: process.env.AUTHOR_URL ?? 'https://author-p1234-e5678.adobeaemcloud.com',
  org: process.env.ORG ?? 'Contoso Creative (Dev)',
  imsEndpoint: process.env.IMS_ENDPOINT,
});

app.synth();
