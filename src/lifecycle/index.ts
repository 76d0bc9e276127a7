/**
 * The lifecycle of a binding, behind the `Context` seam: the commands (apply, destroy, check, status,
 * read, orgs), the prerequisite checks they share, and the messages they report. Semantics follow the
 * lifecycle table in the README and docs/contract.md.
 */
export type { Context } from './context';
export { apply, type ApplyOptions, type ApplyResult } from './apply';
export { destroy, type DestroyResult } from './destroy';
export { check, orgs, read, status, type CheckReport, type OrgEntry, type ReadResult, type StatusResult } from './queries';
export { hasCreativeCloud, resolveOrg, type CheckResult } from './prerequisites';
export { describeOrg, entitlementError, planReadFailed } from './diagnostics';
