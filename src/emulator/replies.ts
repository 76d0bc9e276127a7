/**
 * The emulator's HTTP vocabulary: the replies its routes give, and what they read from a request (body,
 * form fields, JSON, bearer token, If-Match). Nothing here knows a route.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A reply before it is written: a JSON-able body (or text, sent as is), a status and extra headers. */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Form fields (later fields win). */
export type Fields = Map<string, string>;

/** A request the emulator refuses before any route sees it (a body too large, a form it cannot read). */
export class BadRequest extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super('bad request');
  }
}

const MAX_BODY_BYTES = 1 << 20;

export const reply = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({ status, body, headers });
/** IMS's error shape: `{error, error_description}`. */
export const imsError = (status: number, error: string, description: string, headers?: Record<string, string>): Reply =>
  reply(status, { error, error_description: description }, headers);
/** AEM's (and the control routes') error shape: `{error, message}`. */
export const aemError = (status: number, error: string, message: string, headers?: Record<string, string>): Reply =>
  reply(status, { error, message }, headers);

/** Compares secrets in constant time (of their hashes, so their lengths do not show either). */
export function sameSecret(a: string, b: string): boolean {
  const h = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(h(a), h(b));
}

/** The whole request body; rejects with a 413 `BadRequest` past 1 MiB. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BadRequest(413, { error: 'payload_too_large', message: `request bodies are limited to ${MAX_BODY_BYTES} bytes` }));
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Form fields of a urlencoded or multipart body (later fields win; files are ignored).
 * @throws BadRequest (400 invalid_request) for another content type or a multipart body it cannot read
 */
export async function parseForm(contentType: string | undefined, body: Buffer): Promise<Fields> {
  const fields: Fields = new Map();
  if (body.length === 0) return fields;
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) fields.set(k, v);
    return fields;
  }
  if (type === 'multipart/form-data') {
    let form: FormData;
    try {
      form = await new Response(body, { headers: { 'content-type': contentType ?? type } }).formData();
    } catch (e) {
      throw new BadRequest(400, {
        error: 'invalid_request',
        error_description: `could not parse the multipart/form-data body (${(e as Error).message})`,
      });
    }
    for (const [k, v] of form.entries()) if (typeof v === 'string') fields.set(k, v);
    return fields;
  }
  throw new BadRequest(400, {
    error: 'invalid_request',
    error_description: `unsupported Content-Type ${JSON.stringify(type || '(none)')}: send application/x-www-form-urlencoded or multipart/form-data`,
  });
}

/** The body as a JSON object, or undefined when it is not one. */
export function parseJsonObject(body: Buffer): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(body.toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The bearer token of the Authorization header, if any. */
export function bearerOf(req: IncomingMessage): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return m?.[1];
}

/** The `X-Api-Key` header, if any and not empty (a repeated header counts by its first value). */
export function apiKeyOf(req: IncomingMessage): string | undefined {
  const raw = req.headers['x-api-key'];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  return value ? value : undefined;
}

/** The generations an If-Match header names (`"7"`, `7`, `W/"7"`, lists); `*` and junk name none. */
export function ifMatchGenerations(header: string): number[] {
  return header
    .split(',')
    .map((t) =>
      t
        .trim()
        .replace(/^W\//, '')
        .replace(/^"(.*)"$/, '$1'),
    )
    .filter((t) => /^(0|[1-9][0-9]{0,15})$/.test(t))
    .map(Number);
}
