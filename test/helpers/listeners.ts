/**
 * Small local listeners for tests that need a server the emulator cannot be: one that answers every
 * request the same way, and one that counts the TCP connections it accepts (TLS handshakes that fail
 * never reach an HTTP handler, so connections are what shows whether a client retried).
 */
import * as http from 'node:http';
import * as net from 'node:net';

export interface Listener {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Requests answered so far, in order: method and path. */
  readonly requests: Array<{ method: string; path: string }>;
  close(): Promise<void>;
}

/** An http server on 127.0.0.1 that gives every request the same answer. */
export async function constantServer(answer: { status: number; headers?: Record<string, string>; body?: string }): Promise<Listener> {
  const requests: Listener['requests'] = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', path: (req.url ?? '').split('?')[0] });
    req.resume();
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(answer.body ?? JSON.stringify({ error: 'test_answer' }));
  });
  return listening(server, requests);
}

/** Starts `server` on an ephemeral loopback port and wraps it as a Listener. */
export async function listening(server: http.Server, requests: Listener['requests'] = []): Promise<Listener> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export interface ConnectProxy {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** `host:port` of every tunnel asked for (CONNECT), and of every plain proxied request, in order. */
  readonly targets: string[];
  /** The `Proxy-Authorization` header of each CONNECT, in order (undefined when absent). */
  readonly auths: Array<string | undefined>;
  close(): Promise<void>;
}

/**
 * A recording CONNECT proxy on 127.0.0.1: records each target, then tunnels to `route(target)`
 * (default: the target itself), so a test can stand in a local server for a remote host. With
 * `credentials` ("user:password") it answers 407 to a CONNECT without the matching Basic header.
 */
export async function connectProxy(
  opts: { route?: (target: string) => { host: string; port: number }; credentials?: string } = {},
): Promise<ConnectProxy> {
  const targets: string[] = [];
  const auths: Array<string | undefined> = [];
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  };
  const server = http.createServer((req, res) => {
    // Plain (non-tunnelled) proxying is not offered: record it so a test can see it was tried.
    targets.push(req.headers.host ?? '');
    res.writeHead(501).end();
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    track(client);
    const target = req.url ?? '';
    targets.push(target);
    const auth = req.headers['proxy-authorization'];
    auths.push(auth);
    if (opts.credentials !== undefined && auth !== `Basic ${Buffer.from(opts.credentials).toString('base64')}`) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const [host, port] = target.split(/:(?=\d+$)/);
    const to = opts.route ? opts.route(target) : { host: host.replace(/^\[|\]$/g, ''), port: Number(port) };
    const upstream = net.connect(to.port, to.host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    track(upstream);
    upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n'));
    client.on('close', () => upstream.destroy());
  });
  const l = await listening(server);
  return {
    url: l.url,
    port: l.port,
    targets,
    auths,
    close: async () => {
      for (const s of sockets) s.destroy();
      await l.close();
    },
  };
}
