/**
 * One freshly generated secret of every multi-line kind, as files a repository would hold:
 * RSA (PKCS#1), EC (SEC1), OpenSSH and PuTTY private keys, a Google Cloud service-account JSON
 * (its key with `\n` escapes), a PEM certificate + key bundle and a connection string written
 * one setting per line. Nothing is committed: every run makes new keys with node:crypto
 * (and selfsigned for the certificate), so no live-looking key sits in the repository.
 */
import { createHmac, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { generate } from 'selfsigned';

export interface MultilineSecret {
  kind: string;
  /** Where the test writes it, relative to the scan root. */
  file: string;
  content: string;
  /** The rule that must find it. */
  ruleId: string;
  /** The lines that are secret (key material, a password): none of them may reach a log. */
  secretLines: string[];
}

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
/** SSH wire-format string: length + bytes. */
const sshString = (v: string | Buffer) => {
  const b = typeof v === 'string' ? Buffer.from(v) : v;
  return Buffer.concat([u32(b.length), b]);
};
const wrap = (s: string, width: number) => s.match(new RegExp(`.{1,${width}}`, 'g')) ?? [];

/** Lines between the armor lines of a PEM block whose label contains `label`. */
function pemBody(pem: string, label: string): string[] {
  const lines = pem.split(/\r?\n/);
  const start = lines.findIndex((l) => l.startsWith('-----BEGIN') && l.includes(label));
  const end = lines.findIndex((l, i) => i > start && l.startsWith('-----END'));
  return lines.slice(start + 1, end).filter((l) => l.trim());
}

function ed25519Raw(): { seed: Buffer; pub: Buffer } {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = (privateKey as KeyObject).export({ format: 'jwk' });
  return { seed: Buffer.from(jwk.d!, 'base64url'), pub: Buffer.from(jwk.x!, 'base64url') };
}

/** An `openssh-key-v1` Ed25519 key, unencrypted, as ssh-keygen writes it. */
function openSshKey(comment: string): string {
  const { seed, pub } = ed25519Raw();
  const publicBlob = Buffer.concat([sshString('ssh-ed25519'), sshString(pub)]);
  const check = randomBytes(4);
  let priv = Buffer.concat([check, check, sshString('ssh-ed25519'), sshString(pub), sshString(Buffer.concat([seed, pub])), sshString(comment)]);
  const pad: number[] = [];
  for (let i = 1; (priv.length + pad.length) % 8 !== 0; i++) pad.push(i);
  priv = Buffer.concat([priv, Buffer.from(pad)]);
  const blob = Buffer.concat([Buffer.from('openssh-key-v1\0'), sshString('none'), sshString('none'), sshString(''), u32(1), sshString(publicBlob), sshString(priv)]);
  return ['-----BEGIN OPENSSH PRIVATE KEY-----', ...wrap(blob.toString('base64'), 70), '-----END OPENSSH PRIVATE KEY-----', ''].join('\n');
}

/** A PuTTY PPK version 3 Ed25519 key, unencrypted (MAC keyed with the empty key). */
function puttyKey(comment: string): { text: string; secretLines: string[] } {
  const { seed, pub } = ed25519Raw();
  const publicBlob = Buffer.concat([sshString('ssh-ed25519'), sshString(pub)]);
  const privateBlob = sshString(seed);
  const mac = createHmac('sha256', Buffer.alloc(0))
    .update(Buffer.concat([sshString('ssh-ed25519'), sshString('none'), sshString(comment), sshString(publicBlob), sshString(privateBlob)]))
    .digest('hex');
  const publicLines = wrap(publicBlob.toString('base64'), 64);
  const privateLines = wrap(privateBlob.toString('base64'), 64);
  const macLine = `Private-MAC: ${mac}`;
  const text = ['PuTTY-User-Key-File-3: ssh-ed25519', 'Encryption: none', `Comment: ${comment}`, `Public-Lines: ${publicLines.length}`, ...publicLines, `Private-Lines: ${privateLines.length}`, ...privateLines, macLine, ''].join('\r\n');
  return { text, secretLines: [...publicLines, ...privateLines, macLine] };
}

export async function multilineSecrets(): Promise<MultilineSecret[]> {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
  const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1', privateKeyEncoding: { type: 'sec1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
  const gcpKey = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
  const project = `billing-${randomBytes(3).toString('hex')}`;
  const serviceAccount = JSON.stringify(
    {
      type: 'service_account',
      project_id: project,
      private_key_id: randomBytes(20).toString('hex'),
      private_key: gcpKey,
      client_email: `ci@${project}.iam.gserviceaccount.com`,
      client_id: String(BigInt('0x' + randomBytes(8).toString('hex'))),
      token_uri: 'https://oauth2.googleapis.com/token',
    },
    null,
    2,
  );
  const tls = await generate([{ name: 'commonName', value: 'api.palisade.invalid' }], { keySize: 2048 });
  const putty = puttyKey('deploy@palisade-test');
  const openssh = openSshKey('build@palisade-test');
  const password = `Pq7${randomBytes(12).toString('base64url')}`;
  const connection = [
    'public static class Db',
    '{',
    '    public const string Orders = @"Server=orders-db.corp.internal,1433;',
    '                                   Database=orders;',
    '                                   User ID=orders_app;',
    `                                   Password=${password};`,
    '                                   Encrypt=True;";',
    '}',
    '',
  ].join('\n');
  return [
    { kind: 'RSA private key (PKCS#1 PEM)', file: 'deploy/id_rsa.pem', content: rsa, ruleId: 'private-key', secretLines: pemBody(rsa, 'PRIVATE KEY') },
    { kind: 'EC private key (SEC1 PEM)', file: 'certs/signing-ec.pem', content: ec, ruleId: 'private-key', secretLines: pemBody(ec, 'PRIVATE KEY') },
    { kind: 'OpenSSH private key', file: 'keys/id_ed25519', content: openssh, ruleId: 'private-key', secretLines: pemBody(openssh, 'PRIVATE KEY') },
    { kind: 'PuTTY private key', file: 'keys/deploy.ppk', content: putty.text, ruleId: 'private-key-putty', secretLines: putty.secretLines },
    { kind: 'GCP service-account JSON', file: 'config/gcp-service-account.json', content: serviceAccount + '\n', ruleId: 'gcp-service-account-key', secretLines: pemBody(gcpKey, 'PRIVATE KEY') },
    { kind: 'PEM certificate + key bundle', file: 'tls/server-bundle.pem', content: `${tls.cert.trim()}\n${tls.private.trim()}\n`, ruleId: 'private-key', secretLines: pemBody(tls.private, 'PRIVATE KEY') },
    { kind: 'multi-line connection string', file: 'src/Db.cs', content: connection, ruleId: 'connection-string-password', secretLines: [password] },
  ];
}

/** Every line of `secrets` at least `min` long (trimmed), and every `min`-character slice of one. */
export function secretNeedles(secrets: readonly MultilineSecret[], min = 8): Map<string, string> {
  const needles = new Map<string, string>();
  for (const s of secrets) {
    for (const raw of s.secretLines) {
      const line = raw.trim();
      if (line.length < min) continue;
      needles.set(line, s.kind);
      for (let i = 0; i + min <= line.length; i++) needles.set(line.slice(i, i + min), s.kind);
    }
  }
  return needles;
}
