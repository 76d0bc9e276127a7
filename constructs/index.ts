/** The package entry point: what users import. */
export { AemCreativeCloudOrgBinding, AemCreativeCloudOrgBindingProps } from './binding';
export { AemCreativeCloudOrgBindingRemoved, AemCreativeCloudOrgBindingRemovedProps } from './removed';
export { RemovalPolicy } from './removal-policy';
