/**
 * The seam between the construct sources and the CDK core they are built on: every import of the core
 * (`cdktf`) and of the provider bindings goes through this module, and it is the only file that differs
 * between the two entry points. This is the cdktf flavour (the `cdktf-aem-creative-cloud` entry), with
 * HashiCorp's prebuilt `@cdktf/provider-null` and `@cdktf/provider-external`. `core.cdktn.ts` beside it
 * is the CDK Terrain flavour: `scripts/build-cdktn.js` compiles the same construct sources a second time
 * with that file in this one's place, into `dist/constructs-cdktn/` (the `cdktf-aem-creative-cloud/cdktn`
 * entry). The two cores cannot be mixed in one app, hence two builds rather than one that picks at run time.
 */
import { requirePeers } from './peers';

/** Which CDK this build of the constructs is for, what it needs installed, and where the other one is. */
export const FLAVOUR = {
  core: 'cdktf',
  entry: 'cdktf-aem-creative-cloud',
  peers: { cdktf: '^0.21.0', '@cdktf/provider-null': '^11.0.1', '@cdktf/provider-external': '^11.0.1' },
  otherCore: 'cdktn',
  otherEntry: 'cdktf-aem-creative-cloud/cdktn',
} as const;

// The core and the provider packages are optional peer dependencies (a cdktn app must not get cdktf in
// its tree), so a missing one is reported here, at import, with the install line, rather than as Node's
// "Cannot find module" from deep inside a provider binding.
requirePeers(FLAVOUR, require.resolve);

export { App, conditional, Fn, Lazy, Op, TerraformElement, TerraformOutput, TerraformStack, Token } from 'cdktf';
export { DataExternal } from '@cdktf/provider-external/lib/data-external';
export { ExternalProvider } from '@cdktf/provider-external/lib/provider';
export { NullProvider } from '@cdktf/provider-null/lib/provider';
export { Resource } from '@cdktf/provider-null/lib/resource';
