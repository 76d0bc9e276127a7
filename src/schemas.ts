/**
 * zod schemas for every answer the handler accepts. A response that does not match becomes a
 * `remote_error` naming the endpoint, never a crash or a wrong decision. Schemas are lenient about
 * extra fields (Adobe adds fields over time) and strict about the ones we decide on.
 *
 * Written with `zod/mini`, zod's tree-shakable entry: the handler's bundle carries only the checks used
 * here, not the whole of zod, which every handler process would otherwise load (docs/benchmarks.md).
 */
import * as z from 'zod/mini';

const nonEmpty = () => z.string().check(z.minLength(1));

export const TokenResponse = z.object({
  access_token: nonEmpty(),
  token_type: z.optional(z.string()),
  expires_in: z.number().check(z.positive()),
});
export type TokenResponse = z.infer<typeof TokenResponse>;

export const ImsOrg = z.object({
  orgRef: z.object({ ident: nonEmpty(), authSrc: nonEmpty() }),
  orgName: z.string(),
  orgType: z.optional(z.string()),
  countryCode: z.optional(z.string()),
  groups: z.optional(z.array(z.unknown())),
});
export const OrganizationsResponse = z.array(ImsOrg);
export type ImsOrg = z.infer<typeof ImsOrg>;

export const ProductContext = z.object({
  prodCtx: z.object({
    serviceCode: z.string(),
    statusCode: z.optional(z.string()),
    owningEntity: z.optional(z.string()),
    ident: z.optional(z.string()),
    label: z.optional(z.string()),
  }),
});
export const ProfileResponse = z.object({
  userId: nonEmpty(),
  authId: z.optional(z.string()),
  email: z.optional(z.string()),
  displayName: z.optional(z.string()),
  account_type: z.optional(z.string()),
  projectedProductContext: z._default(z.array(ProductContext), []),
});
export type ProfileResponse = z.infer<typeof ProfileResponse>;

export const ValidateResponse = z.object({
  valid: z.boolean(),
  reason: z.optional(z.string()),
  token: z.optional(z.record(z.string(), z.unknown())),
});
export type ValidateResponse = z.infer<typeof ValidateResponse>;

export const CurrentUserResponse = z.object({
  authorizableId: nonEmpty(),
  memberOf: z._default(z.array(z.looseObject({ authorizableId: z.string() })), []),
});
export type CurrentUserResponse = z.infer<typeof CurrentUserResponse>;

export const BindingState = z.object({
  orgId: z.nullable(z.string()),
  orgName: z.nullable(z.string()),
  generation: z.int().check(z.nonnegative()),
});
export type BindingState = z.infer<typeof BindingState>;

/** Error bodies (IMS `{error, error_description}`, AEM `{error, message}`): read for messages only. */
export const ErrorBody = z.looseObject({
  error: z.optional(z.string()),
  error_description: z.optional(z.string()),
  message: z.optional(z.string()),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** The Terraform external-program query: a JSON object whose values are all strings. */
export const ReadQuery = z.record(z.string(), z.string());

/** Any of the schemas above: what the HTTP layer checks an answer against. */
export type Schema<T = unknown> = z.ZodMiniType<T>;

/**
 * One line for the first problem zod found, for messages: where and what, e.g.
 * `expires_in: invalid_type (expected number)`. zod/mini carries no message texts, only the issue's code.
 */
export function describeIssue(error: { issues: ReadonlyArray<{ path: PropertyKey[]; code: string; expected?: unknown }> }): string {
  const issue = error.issues[0];
  if (!issue) return '(root): invalid';
  const where = issue.path.length ? issue.path.map(String).join('.') : '(root)';
  return `${where}: ${issue.code}${typeof issue.expected === 'string' ? ` (expected ${issue.expected})` : ''}`;
}
