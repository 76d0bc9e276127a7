/**
 * Small local listeners for tests that need a server the emulator cannot be: one that answers every
 * request the same way, and one that counts the TCP connections it accepts (TLS handshakes that fail
 * never reach an HTTP handler, so connections are what shows whether a client retried).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

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
  const port = (server.address() as AddressInfo).port;
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
