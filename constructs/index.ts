/** The package entry point: what users import. */
export { AemCreativeCloudOrgBinding, AemCreativeCloudOrgBindingProps } from './binding';
export { RemovalPolicy } from './removal-policy';
