import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A server's certificate and key, PEM files signed by a {@link TestCa}. */
export interface ServerCertificate {
  readonly certFile: string;
  readonly keyFile: string;
}

/**
 * A certificate authority of a test's own, made with the real `openssl`, so the database servers a test starts
 * speak TLS that a client verifies as it verifies RDS's: against a CA it was given, for the name it connected to.
 */
export interface TestCa {
  readonly certFile: string;
  /** The CA certificate, as a client's `ca` takes it. */
  readonly pem: string;
  /** A server certificate for `names` (DNS names and IP addresses), in `dir` under `base`.crt/.key. */
  serverCertificate(dir: string, base: string, names: readonly string[]): ServerCertificate;
}

/** Short-lived EC keys: each takes openssl a few milliseconds, where RSA takes a noticeable part of a second. */
const KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** The names of a loopback server: what a test connects to. */
export const LOOPBACK_NAMES = ['127.0.0.1', 'localhost'] as const;

export function makeTestCa(dir: string): TestCa {
  mkdirSync(dir, { recursive: true });
  const certFile = join(dir, 'ca.crt');
  const keyFile = join(dir, 'ca.key');
  openssl([
    'req',
    '-x509',
    ...KEY,
    '-days',
    '2',
    '-subj',
    '/CN=bluegreen test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-keyout',
    keyFile,
    '-out',
    certFile,
  ]);
  let serial = 0;
  return {
    certFile,
    pem: readFileSync(certFile, 'utf8'),
    serverCertificate(at, base, names) {
      mkdirSync(at, { recursive: true });
      const request = join(at, `${base}.csr`);
      const extensions = join(at, `${base}.ext`);
      const server = { certFile: join(at, `${base}.crt`), keyFile: join(at, `${base}.key`) };
      const san = names.map((name) => (/^[\d.]+$/.test(name) ? `IP:${name}` : `DNS:${name}`)).join(',');
      writeFileSync(extensions, `subjectAltName=${san}\nextendedKeyUsage=serverAuth\n`);
      openssl(['req', '-new', ...KEY, '-subj', `/CN=${names[0]}`, '-keyout', server.keyFile, '-out', request]);
      serial += 1;
      openssl([
        'x509',
        '-req',
        '-in',
        request,
        '-CA',
        certFile,
        '-CAkey',
        keyFile,
        '-set_serial',
        String(serial),
        '-days',
        '2',
        '-extfile',
        extensions,
        '-out',
        server.certFile,
      ]);
      return server;
    },
  };
}

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}
