/**
 * The seam, CDK Terrain flavour (the `cdktf-aem-creative-cloud/cdktn` entry): see `core.ts`, whose
 * place this file takes when `scripts/build-cdktn.js` compiles the construct sources for cdktn. The
 * provider classes are the bindings that cdktn's own generator (`cdktn get`) made for hashicorp/null
 * 3.2.4 and hashicorp/external 2.3.5, committed under `providers/cdktn/` (`npm run cdktn:providers`
 * regenerates them); the registry has no cdktn build of them.
 */
import { requirePeers } from './peers';

/** Which CDK this build of the constructs is for, what it needs installed, and where the other one is. */
export const FLAVOUR = {
  core: 'cdktn',
  entry: 'cdktf-aem-creative-cloud/cdktn',
  peers: { cdktn: '^0.24.0' },
  otherCore: 'cdktf',
  otherEntry: 'cdktf-aem-creative-cloud',
} as const;

requirePeers(FLAVOUR, require.resolve);

export { App, conditional, Fn, Lazy, Op, TerraformElement, TerraformOutput, TerraformStack, Token } from 'cdktn';
export { DataExternal } from '../providers/cdktn/providers/external/data-external';
export { ExternalProvider } from '../providers/cdktn/providers/external/provider';
export { NullProvider } from '../providers/cdktn/providers/null/provider';
export { Resource } from '../providers/cdktn/providers/null/resource';
