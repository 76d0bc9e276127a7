/**
 * The proxy settings the environment gives: `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY`, in either
 * case, read and checked once, with the proxy's credentials kept out of everything shown. Which
 * dispatcher a request then takes is `dispatchers.ts`'s job; this module loads no HTTP code, so the
 * CLI can register the proxy password as a secret before it parses anything.
 *
 * Reading of the variables (the README's "Proxies and private CAs" says the same):
 * - the lower-case name wins when both are set (curl, wget and undici do the same; on Windows the
 *   environment is case-insensitive and there is only one);
 * - an empty value counts as unset;
 * - a proxy URL without a scheme is http (`proxy.corp:3128` means `http://proxy.corp:3128`, as curl
 *   and Go read it); only http and https proxies are accepted;
 * - https URLs use `HTTPS_PROXY`, or `HTTP_PROXY` when `HTTPS_PROXY` is unset (undici's rule);
 * - loopback (localhost, 127.0.0.0/8, [::1]) is never proxied **unless `NO_PROXY` says otherwise**,
 *   which we read as: when `NO_PROXY` is set it is the whole list of hosts reached directly, so a
 *   loopback host it does not list goes through the proxy like any other; when it is unset, loopback
 *   is reached directly. (A proxy on another machine cannot reach this machine's loopback, so the
 *   default keeps the emulator and local tools working behind a proxy; a `NO_PROXY` that is set is
 *   taken at its word, as curl takes it.)
 */
import { invalidInput } from './errors';
import { show } from './log';

/** Whether a URL's host name (IPv6 with or without brackets) is this machine's loopback: localhost, 127.0.0.0/8 or ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** A proxy to use, as configured. */
export interface ProxyUrl {
  /** The URL handed to undici, credentials included. Never shown. */
  url: string;
  /** The variable it came from, e.g. `HTTPS_PROXY`. */
  from: string;
  /** The URL without credentials, for messages and logs. */
  shown: string;
  /** Whether the URL carries a user or password (used as `Proxy-Authorization: Basic`). */
  hasCredentials: boolean;
}

export interface ProxySettings {
  /** For https URLs: `HTTPS_PROXY`, else `HTTP_PROXY`. */
  https?: ProxyUrl;
  /** For http URLs: `HTTP_PROXY`. */
  http?: ProxyUrl;
  /** `NO_PROXY` as given, when set and not empty. */
  noProxy?: { value: string; from: string };
}

/** The value of a variable, lower-case name first; undefined when unset or empty. */
function pick(env: NodeJS.ProcessEnv, upper: string): { value: string; from: string } | undefined {
  for (const name of [upper.toLowerCase(), upper]) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') return { value: value.trim(), from: name };
  }
  return undefined;
}

/** Parses a proxy variable's value, adding `http://` when it has no scheme; undefined when it is not a URL. */
function parseProxyUrl(value: string): URL | undefined {
  const withScheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value) ? value : `http://${value}`;
  try {
    return new URL(withScheme);
  } catch {
    return undefined;
  }
}

function proxyUrl(env: NodeJS.ProcessEnv, name: string): ProxyUrl | undefined {
  const v = pick(env, name);
  if (!v) return undefined;
  const u = parseProxyUrl(v.value);
  if (!u || !u.hostname) {
    throw invalidInput(
      `${v.from} is not a proxy URL (value not shown: it may hold credentials); checked: it must parse as ` +
        `http://[user:password@]host:port. Fix the variable, or unset it to connect directly.`,
    );
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw invalidInput(
      `${v.from} uses the scheme ${u.protocol.replace(/:$/, '')}, which aem-cc does not support; checked: http and https ` +
        `proxies are accepted. Give the http:// or https:// address of the proxy.`,
    );
  }
  const shown = `${u.protocol}//${u.host}`;
  return { url: u.href, from: v.from, shown, hasCredentials: u.username !== '' || u.password !== '' };
}

/**
 * The proxy settings of `env`. Throws `invalid_input` (exit 2, before any request) when a proxy
 * variable is set to something that is not an http(s) URL; the message never shows the value.
 */
export function proxySettings(env: NodeJS.ProcessEnv = process.env): ProxySettings {
  const http = proxyUrl(env, 'HTTP_PROXY');
  const https = proxyUrl(env, 'HTTPS_PROXY') ?? http;
  const noProxy = pick(env, 'NO_PROXY');
  return { ...(https ? { https } : {}), ...(http ? { http } : {}), ...(noProxy ? { noProxy } : {}) };
}

/**
 * The passwords in the proxy variables (as written and percent-decoded): secrets to register before
 * any input is parsed. Values that do not parse give none; they are refused without being shown.
 */
export function proxyPasswords(env: NodeJS.ProcessEnv = process.env): string[] {
  const out: string[] = [];
  for (const name of PROXY_VARIABLES) {
    const value = env[name];
    const u = value ? parseProxyUrl(value.trim()) : undefined;
    if (!u?.password) continue;
    out.push(u.password);
    try {
      out.push(decodeURIComponent(u.password));
    } catch {
      /* not valid percent-encoding: the raw form is registered */
    }
  }
  return out;
}

/** Every variable this module reads, both cases. */
export const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'no_proxy', 'NO_PROXY'] as const;

/** The proxy a URL's scheme selects, before `NO_PROXY`; undefined when none is configured for it. */
export function proxyForScheme(settings: ProxySettings, url: URL): ProxyUrl | undefined {
  return url.protocol === 'https:' ? settings.https : settings.http;
}

/** Whether `url` skips the proxy by the loopback rule above (not by a `NO_PROXY` entry: undici judges those). */
export function directByLoopbackRule(settings: ProxySettings, url: URL): boolean {
  return settings.noProxy === undefined && isLoopbackHost(url.hostname);
}

/**
 * How a request to `url` travels, for messages: the proxy and the variables that chose it, or why
 * it goes directly. Never shows credentials.
 */
export function describeRoute(settings: ProxySettings, url: URL): string {
  const proxy = proxyForScheme(settings, url);
  if (!proxy) {
    return (
      `directly (no proxy configured: ${url.protocol === 'https:' ? 'HTTPS_PROXY and HTTP_PROXY are' : 'HTTP_PROXY is'} unset; ` +
      `if this machine reaches the service only through a proxy, set ${url.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY'})`
    );
  }
  if (directByLoopbackRule(settings, url)) return `directly (loopback is not proxied while NO_PROXY is unset)`;
  const no = settings.noProxy ? `, unless ${settings.noProxy.from}=${show(settings.noProxy.value)} lists the host` : '';
  return `through the proxy ${proxy.shown} (${proxy.from})${no}`;
}
