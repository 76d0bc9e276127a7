/**
 * Reading the payload of a JWT-shaped token without verifying it. IMS access tokens are JWTs
 * (header.payload.signature, base64url), though Adobe does not document their format
 * (AdobeDocs/adobeio-auth#65); Adobe's own clients read claims such as `client_id` this way
 * (adobe/aio-cli-plugin-cloudmanager src/cloudmanager-helpers.js, `jwt.decode`). Nothing decided
 * here is a security decision: the service that receives the token verifies it.
 */

/**
 * The payload of a JWT-shaped token: three dot-separated parts whose second is base64url JSON of an
 * object. Undefined for anything else (an opaque token, a broken one). Never verifies the signature.
 */
export function decodeTokenPayload(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
