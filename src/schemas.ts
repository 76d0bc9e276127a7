/**
 * zod schemas for every answer the handler accepts. A response that does not match becomes a
 * `remote_error` naming the endpoint, never a crash or a wrong decision. Schemas are lenient about
 * extra fields (Adobe adds fields over time) and strict about the ones we decide on.
 */
import { z } from 'zod';

export const TokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().positive(),
});
export type TokenResponse = z.infer<typeof TokenResponse>;

export const ImsOrg = z.object({
  orgRef: z.object({ ident: z.string().min(1), authSrc: z.string().min(1) }),
  orgName: z.string(),
  orgType: z.string().optional(),
  countryCode: z.string().optional(),
  groups: z.array(z.unknown()).optional(),
});
export const OrganizationsResponse = z.array(ImsOrg);
export type ImsOrg = z.infer<typeof ImsOrg>;

export const ProductContext = z.object({
  prodCtx: z.object({
    serviceCode: z.string(),
    statusCode: z.string().optional(),
    owningEntity: z.string().optional(),
    ident: z.string().optional(),
    label: z.string().optional(),
  }),
});
export const ProfileResponse = z.object({
  userId: z.string().min(1),
  authId: z.string().optional(),
  email: z.string().optional(),
  displayName: z.string().optional(),
  account_type: z.string().optional(),
  projectedProductContext: z.array(ProductContext).optional().default([]),
});
export type ProfileResponse = z.infer<typeof ProfileResponse>;

export const ValidateResponse = z.object({
  valid: z.boolean(),
  reason: z.string().optional(),
  token: z.record(z.string(), z.unknown()).optional(),
});

export const CurrentUserResponse = z.object({
  authorizableId: z.string().min(1),
  memberOf: z
    .array(z.object({ authorizableId: z.string() }).passthrough())
    .optional()
    .default([]),
});
export type CurrentUserResponse = z.infer<typeof CurrentUserResponse>;

export const BindingState = z.object({
  orgId: z.string().nullable(),
  orgName: z.string().nullable(),
  generation: z.number().int().nonnegative(),
});
export type BindingState = z.infer<typeof BindingState>;

/** Error bodies (IMS `{error, error_description}`, AEM `{error, message}`): read for messages only. */
export const ErrorBody = z
  .object({ error: z.string().optional(), error_description: z.string().optional(), message: z.string().optional() })
  .passthrough();

/** The Terraform external-program query: a JSON object whose values are all strings. */
export const ReadQuery = z.record(z.string(), z.string());
