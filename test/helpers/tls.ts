/**
 * Test-only TLS material and servers. Certificates are made at test time with the machine's
 * `openssl` (execFile, no shell) into a scratch directory, valid for two days: nothing secret or
 * long-lived is committed. A "TLS front" terminates TLS with such a certificate and pipes the
 * plain bytes to a local http server (the emulator), counting the TCP connections it accepts.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { tmpDir } from './cli';

export interface Cert {
  key: string;
  /** PEM of the certificate (and, for `chain`, the CA after it). */
  cert: string;
  /** Where `cert` is written, e.g. for NODE_EXTRA_CA_CERTS. */
  certPath: string;
}

export interface TestPki {
  /** The private CA, to trust through NODE_EXTRA_CA_CERTS. */
  ca: Cert;
  /** Signed by the CA for `names` (DNS names and IP addresses). */
  leaf(names: string[], opts?: { expired?: boolean; withChain?: boolean }): Cert;
  /** Self-signed for `names`, no CA. */
  selfSigned(names: string[]): Cert;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

const san = (names: string[]) => names.map((n) => (/^[\d.]+$/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(',');

/** Makes a private CA in a fresh scratch directory. */
export function makePki(): TestPki {
  const dir = tmpDir('pki-');
  let n = 0;
  const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');
  openssl(dir, [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=aem-cc test CA (test only)',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  const ca: Cert = { key: read('ca.key'), cert: read('ca.pem'), certPath: path.join(dir, 'ca.pem') };
  // `openssl ca` is the only OpenSSL 3.0 tool that takes an explicit (past) validity period.
  fs.writeFileSync(path.join(dir, 'index.txt'), '');
  fs.writeFileSync(path.join(dir, 'serial'), '1000\n');
  fs.writeFileSync(
    path.join(dir, 'ca.cnf'),
    [
      '[ca]',
      'default_ca = test',
      '[test]',
      `dir = ${dir}`,
      'database = $dir/index.txt',
      'new_certs_dir = $dir',
      'serial = $dir/serial',
      'certificate = $dir/ca.pem',
      'private_key = $dir/ca.key',
      'default_md = sha256',
      'policy = any',
      'unique_subject = no',
      'copy_extensions = copy',
      '[any]',
      'commonName = supplied',
      '',
    ].join('\n'),
  );
  /** `openssl req`: a new RSA key in `<base>.key`, and `out` (a request, or with -x509 a certificate) for `names`. */
  const newKeyAndRequest = (base: string, out: string, names: string[], extra: string[]) =>
    openssl(dir, [
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${base}.key`,
      '-out',
      out,
      '-subj',
      `/CN=${names[0]}`,
      '-addext',
      `subjectAltName=${san(names)}`,
      ...extra,
    ]);
  return {
    ca,
    leaf(names, opts = {}) {
      const base = `leaf-${++n}`;
      newKeyAndRequest(base, `${base}.csr`, names, ['-addext', 'basicConstraints=CA:FALSE', '-addext', 'extendedKeyUsage=serverAuth']);
      const validity = opts.expired ? ['-startdate', '20200101000000Z', '-enddate', '20200102000000Z'] : ['-days', '2'];
      openssl(dir, ['ca', '-batch', '-notext', '-config', 'ca.cnf', '-in', `${base}.csr`, '-out', `${base}.pem`, ...validity]);
      const cert = opts.withChain ? `${read(`${base}.pem`)}${ca.cert}` : read(`${base}.pem`);
      fs.writeFileSync(path.join(dir, `${base}.chain.pem`), cert);
      return { key: read(`${base}.key`), cert, certPath: path.join(dir, `${base}.chain.pem`) };
    },
    selfSigned(names) {
      const base = `self-${++n}`;
      newKeyAndRequest(base, `${base}.pem`, names, ['-x509', '-days', '2']);
      return { key: read(`${base}.key`), cert: read(`${base}.pem`), certPath: path.join(dir, `${base}.pem`) };
    },
  };
}

export interface TlsFront {
  /** `https://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** TCP connections accepted so far, handshakes that failed included. */
  connections(): number;
  close(): Promise<void>;
}

/** Terminates TLS with `cert` on 127.0.0.1 and pipes the plain stream to `127.0.0.1:targetPort`. */
export async function tlsFront(cert: Cert, targetPort: number): Promise<TlsFront> {
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const server = tls.createServer({ key: cert.key, cert: cert.cert }, (clear) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    clear.pipe(upstream).pipe(clear);
    for (const s of [clear, upstream]) {
      s.on('error', () => undefined);
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }
    clear.on('close', () => upstream.destroy());
    upstream.on('close', () => clear.destroy());
  });
  server.on('connection', (s: net.Socket) => {
    connections += 1;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('tlsClientError', () => undefined); // the handshakes the client refuses, by design of the tests
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    connections: () => connections,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
