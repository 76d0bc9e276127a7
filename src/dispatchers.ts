/**
 * The undici dispatchers requests go through: undici's own `EnvHttpProxyAgent` for everything the
 * proxy variables cover (it applies `NO_PROXY`: exact host or domain suffix, optional `:port`, `*`
 * for all), and a direct `Agent` for loopback while `NO_PROXY` is unset, which undici would
 * otherwise proxy (the rule and its reading are in `proxy.ts`).
 */
import { Agent, type Dispatcher, EnvHttpProxyAgent } from './undici';
import { directByLoopbackRule, ProxySettings } from './proxy';

/** Keep-alive across the 4-5 requests of one command: one TCP (and TLS) handshake per origin. */
const AGENT_OPTIONS = { keepAliveTimeout: 4_000, connections: 8 } as const;

export class Dispatchers {
  private direct?: Agent;
  private proxied?: EnvHttpProxyAgent;

  /** `settings` from `proxySettings()`; nothing is connected until a request is sent. */
  constructor(readonly settings: ProxySettings) {}

  /** The dispatcher for a request to `url` (an absolute http or https URL). */
  for(url: URL): Dispatcher {
    const { https, http, noProxy } = this.settings;
    if (!https && !http) return this.directAgent();
    if (directByLoopbackRule(this.settings, url)) return this.directAgent();
    // Every value is passed explicitly, '' for "none", so undici never reads process.env itself:
    // what it does is what `settings` say, in tests that run in-process too.
    this.proxied ??= new EnvHttpProxyAgent({
      ...AGENT_OPTIONS,
      httpProxy: http?.url ?? '',
      httpsProxy: https?.url ?? '',
      noProxy: noProxy?.value ?? '',
    });
    return this.proxied;
  }

  /** Closes pooled connections so the process can exit as soon as its command is done. */
  async close(): Promise<void> {
    const open = [this.direct, this.proxied].filter((d): d is Agent | EnvHttpProxyAgent => d !== undefined);
    this.direct = undefined;
    this.proxied = undefined;
    await Promise.all(open.map((d) => d.close()));
  }

  private directAgent(): Agent {
    this.direct ??= new Agent(AGENT_OPTIONS);
    return this.direct;
  }
}
