/**
 * Connection failures that another attempt cannot fix, told apart from transient ones so that they
 * fail at once with the fix instead of being retried four times: a certificate the TLS client
 * refused (every kind of verification failure, not one code), and a proxy that refused the tunnel
 * for authentication or policy. Everything else (resets, refused connections, timeouts, a proxy
 * that could not reach the origin) stays retryable.
 */
import { AemCcError } from './errors';
import type { ProxyUrl } from './proxy';

/**
 * Node's codes for a certificate it refused: OpenSSL's X509 verification results as Node names them
 * (Node's tls docs, "X509 certificate error codes"; `UNSPECIFIED` for one Node has no name for) and
 * Node's own host name check. Grouped by what fixes them. OUT_OF_MEM, also on Node's list, is not
 * about the certificate and stays retryable.
 */
const CERT_FAILURES = {
  /** The chain does not lead to a trusted CA: a private CA or a proxy that re-signs TLS. */
  trust: [
    'UNABLE_TO_GET_ISSUER_CERT',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'CERT_UNTRUSTED',
    'CERT_REJECTED',
    'INVALID_CA',
    'INVALID_PURPOSE',
    'CERT_CHAIN_TOO_LONG',
    'PATH_LENGTH_EXCEEDED',
  ],
  /** Outside its validity period (or the clock is wrong). */
  time: [
    'CERT_NOT_YET_VALID',
    'CERT_HAS_EXPIRED',
    'ERROR_IN_CERT_NOT_BEFORE_FIELD',
    'ERROR_IN_CERT_NOT_AFTER_FIELD',
    'CRL_NOT_YET_VALID',
    'CRL_HAS_EXPIRED',
    'ERROR_IN_CRL_LAST_UPDATE_FIELD',
    'ERROR_IN_CRL_NEXT_UPDATE_FIELD',
  ],
  /** Valid, but for another host name. */
  name: ['ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH'],
  /** Revoked or damaged. */
  other: [
    'CERT_REVOKED',
    'CERT_SIGNATURE_FAILURE',
    'CRL_SIGNATURE_FAILURE',
    'UNABLE_TO_GET_CRL',
    'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
    'UNABLE_TO_DECRYPT_CRL_SIGNATURE',
    'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
    'UNSPECIFIED',
  ],
} as const;
export type CertFailureGroup = keyof typeof CERT_FAILURES;

const GROUP_OF = new Map<string, CertFailureGroup>(
  (Object.keys(CERT_FAILURES) as CertFailureGroup[]).flatMap((g) => CERT_FAILURES[g].map((code) => [code, g] as const)),
);

/** Every code treated as a certificate verification failure (for tests and docs). */
export const CERT_FAILURE_CODES: readonly string[] = [...GROUP_OF.keys()];

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
}

/** The error and its causes, outermost first (undici wraps some TLS errors met through a proxy). */
function chain(err: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  for (let e = err; e && typeof e === 'object' && out.length < 5; e = (e as ErrorLike).cause) out.push(e as ErrorLike);
  return out;
}

/** The certificate failure in `err`'s chain: its Node code, message and group; undefined when there is none. */
export function certificateFailure(err: unknown): { code: string; message: string; group: CertFailureGroup } | undefined {
  for (const e of chain(err)) {
    const group = typeof e.code === 'string' ? GROUP_OF.get(e.code) : undefined;
    if (group) return { code: e.code as string, message: String(e.message ?? ''), group };
  }
  return undefined;
}

/** The status with which a proxy refused a CONNECT tunnel (undici reports it only in the message). */
export function proxyRefusal(err: unknown): number | undefined {
  for (const e of chain(err)) {
    const m = /Proxy response \((\d{3})\) !== 200|Proxy Authentication Required \((407)\)/.exec(String(e.message ?? ''));
    if (m) return Number(m[1] ?? m[2]);
  }
  return undefined;
}

export interface ConnectContext {
  /** e.g. "IMS organizations (GET https://ims-na1.adobelogin.com/ims/organizations/v6)" */
  request: string;
  url: URL;
  /** How the request travelled, from `describeRoute()`. */
  route: string;
  /** The proxy that applied, if any. */
  proxy?: ProxyUrl;
  /** Where `NODE_EXTRA_CA_CERTS` is read from: the process's own environment (Node reads it at start). */
  env: NodeJS.ProcessEnv;
}

const ADVICE: Record<CertFailureGroup, string> = {
  trust:
    'If this network re-signs TLS (a proxy that inspects traffic) or the service uses a private CA, set NODE_EXTRA_CA_CERTS ' +
    "to a PEM file holding that CA's certificate (your network team has it), in the environment of the cdktf or terraform " +
    'step. Never turn certificate verification off.',
  time:
    "The certificate is outside its validity period: check this machine's clock; if it is right, the server (or a proxy " +
    'that re-signs TLS) presents an expired certificate: tell its operator. NODE_EXTRA_CA_CERTS cannot fix this.',
  name:
    'The certificate is for another host name: check --author-url / --ims-endpoint. A proxy that re-signs TLS must issue ' +
    'certificates for the names requested, and its CA belongs in NODE_EXTRA_CA_CERTS.',
  other:
    "The certificate chain is revoked or damaged: tell the operator of the service; if a proxy re-signs TLS, its CA's " +
    'certificate belongs in NODE_EXTRA_CA_CERTS.',
};

/**
 * The error for a connection failure that retrying cannot fix, or undefined when `err` may be
 * transient. The result is a `remote_error` (exit 1) that names what was checked and the fix.
 */
export function permanentConnectFailure(err: unknown, ctx: ConnectContext): AemCcError | undefined {
  const cert = certificateFailure(err);
  if (cert) {
    const extra = ctx.env.NODE_EXTRA_CA_CERTS
      ? `the extra CAs in NODE_EXTRA_CA_CERTS (${ctx.env.NODE_EXTRA_CA_CERTS})`
      : 'no extra CAs (NODE_EXTRA_CA_CERTS is not set)';
    return new AemCcError(
      'remote_error',
      `${ctx.request}: the TLS certificate of ${ctx.url.host} was refused (${cert.code}${cert.message ? `: ${cert.message}` : ''}); ` +
        `checked: the certificate chain, reached ${ctx.route}, against Node's built-in CAs and ${extra}. ` +
        `A certificate failure is not transient, so it was not retried. ${ADVICE[cert.group]}`,
    );
  }
  const status = proxyRefusal(err);
  if (status === 407 && ctx.proxy) {
    return new AemCcError(
      'remote_error',
      `${ctx.request}: the proxy ${ctx.proxy.shown} (${ctx.proxy.from}) answered 407 Proxy Authentication Required; checked: ` +
        (ctx.proxy.hasCredentials ? `the user and password in ${ctx.proxy.from} (refused)` : `${ctx.proxy.from}, which has no user and password`) +
        `. ` +
        `Put the proxy's credentials in the URL, percent-encoded: ${ctx.proxy.from}=http://user:password@host:port. Not retried: ` +
        `the proxy would refuse again.`,
    );
  }
  if (status === 403 && ctx.proxy) {
    return new AemCcError(
      'remote_error',
      `${ctx.request}: the proxy ${ctx.proxy.shown} (${ctx.proxy.from}) refused to connect to ${ctx.url.host} (403); checked: ` +
        `the tunnel request. Ask your network team to allow ${ctx.url.hostname}, or list it in NO_PROXY if it is reachable ` +
        `directly. Not retried: the proxy would refuse again.`,
    );
  }
  return undefined;
}
