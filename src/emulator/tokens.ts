/**
 * JWT-shaped IMS access tokens for the emulator. Adobe's client decodes the payload of every token
 * it gets (expiry = created_at + expires_in, both milliseconds as strings), so ours look like IMS's.
 * The signature is random: the emulator recognises its tokens by remembering them, not by checking it.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** Shared with the handler, which reads the `client_id` claim the same way (src/jwt.ts). */
export { decodeTokenPayload } from '../jwt';

/** `expires_in` of a token answer, in seconds (what IMS answers for a 24 h token). */
export const TOKEN_EXPIRES_IN_SECONDS = 86_399;
/** `expires_in` inside the token, in milliseconds. */
export const TOKEN_LIFETIME_MS = 86_400_000;

export const TOKEN_HEADER = { alg: 'RS256', x5u: 'ims_na1-key-at-1.cer', kid: 'ims_na1-key-at-1', itt: 'at' } as const;

export interface AccessTokenClaims {
  id: string;
  type: 'access_token';
  client_id: string;
  user_id: string;
  as: string;
  created_at: string;
  expires_in: string;
  scope: string;
}

function b64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

export function mintAccessToken(input: { clientId: string; userId: string; scope: string; now?: number }): {
  token: string;
  claims: AccessTokenClaims;
} {
  const now = input.now ?? Date.now();
  const claims: AccessTokenClaims = {
    id: `${now}_${randomUUID()}_ue1`,
    type: 'access_token',
    client_id: input.clientId,
    user_id: input.userId,
    as: 'ims-na1',
    created_at: String(now),
    expires_in: String(TOKEN_LIFETIME_MS),
    scope: input.scope,
  };
  const token = `${b64url(JSON.stringify(TOKEN_HEADER))}.${b64url(JSON.stringify(claims))}.${b64url(randomBytes(64))}`;
  return { token, claims };
}

/** A short, stable, random-looking id derived from its inputs (product context idents, AEM homes). */
export function stableId(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 24).toUpperCase();
}
