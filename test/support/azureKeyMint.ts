/**
 * Mints keys in Microsoft's identifiable formats, for tests and rule samples: the inverse of
 * tasks/engine/secrets/azureKeyChecksum (which is checked on its own against keys Microsoft's
 * generator produced).
 */
import { randomBytes } from 'node:crypto';
import { base62OfBytes, entraEncode, IDENTIFIABLE_KEYS, marvin32, seedOf } from '../../tasks/engine/secrets/azureKeyChecksum';
import type { SecretRuleSpec } from '../../tasks/engine/rules/ruleSpec';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const B64 = ALNUM + '+/';
const B64URL = ALNUM + '-_';

function le32(x: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(x >>> 0);
  return b;
}

/** An identifiable key with `signature`, checksummed with `seedLabel` (default: the kind's first seed). */
export function mintIdentifiableKey(signature: string, seedLabel?: string, body?: Buffer): string {
  const kind = IDENTIFIABLE_KEYS[signature];
  if (!kind) throw new Error(`unknown signature ${signature}`);
  const bytes = Buffer.alloc(kind.bytes);
  (body ?? randomBytes(kind.bytes)).copy(bytes, 0, 0, kind.bytes);
  // Put the signature's characters where the encoding shows them: re-encode, splice, decode.
  const enc = kind.urlSafe ? 'base64url' : 'base64';
  const text = bytes.toString(enc).replace(/=+$/, '');
  const at = text.length - 10;
  // The bits of the signature's last byte that spill into the next character are zero in minted keys.
  const spill = ((kind.bytes - 7) * 8) % 6;
  const alphabet = kind.urlSafe ? B64URL : B64;
  const next = alphabet[alphabet.indexOf(text[at + 4]) & (63 >> spill)];
  const spliced = Buffer.from(text.slice(0, at) + signature + next + text.slice(at + 5), enc);
  const data = spliced.subarray(0, kind.bytes - 4);
  const sum = marvin32(data, seedOf(seedLabel ?? kind.seeds[0]));
  const key = Buffer.concat([data, le32(sum)]).toString('base64');
  return kind.urlSafe ? key.replace(/\+/g, '-').replace(/\//g, '_') : key;
}


/** An 84-character (or 88, `longForm`) common annotated security key with provider signature `provider`. */
export function mintCommonAnnotatedKey(provider: string, longForm = false, fill?: string): string {
  const rnd = (n: number): string => (fill ? fill.repeat(n) : [...randomBytes(n)].map((b) => ALNUM[b % 62]).join(''));
  // 52 random, JQQJ99, date (year, month), 12 platform, 4 provider-reserved, 4 provider signature.
  const head = rnd(52) + 'JQQJ99' + 'CA' + 'A'.repeat(12) + 'AAAA' + provider;
  const sum = marvin32(Buffer.from(head, 'base64'), seedOf('Default0'));
  const text = Buffer.from(base62OfBytes(le32(sum)).padEnd(6, '0').slice(0, 6) + '==', 'base64').toString('base64');
  return head + (longForm ? text : text.slice(0, 4));
}

const ENTRA = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890.-_~';

/** A current-format Entra client secret (40 characters, `8Q~` at 3) with a valid checksum. */
export function mintEntraClientSecret(): string {
  const r = randomBytes(34);
  const head = [...r.subarray(0, 3)].map((b) => ENTRA[b % 62]).join('') + '8Q~' + [...r.subarray(3)].map((b) => ENTRA[b % 66]).join('');
  return head + entraEncode(marvin32(Buffer.from(head, 'latin1'), seedOf('AadPwd00'))).slice(0, 3);
}

/** A storage-key rule (`+ASt` identifiable keys) for tests of `validate:`; `over` sets or overrides fields. */
export function storageKeyRule(over: Partial<SecretRuleSpec>): SecretRuleSpec {
  return {
    id: 'test-storage-key',
    kind: 'secret',
    title: 'Storage key',
    severity: 'critical',
    cwe: ['CWE-798'],
    keywords: ['+ast'],
    pattern: '(?<![A-Za-z0-9+/])(?<secret>[A-Za-z0-9+/]{76}\\+ASt[A-Za-z0-9+/]{5}[AQgw]==)(?![A-Za-z0-9+/=])',
    entropy: 4.5,
    help: 'rotate the key',
    samples: { positive: ['x'], negative: ['y'] },
    ...over,
  };
}

/** Change one character of `s` at `i` to another of the same alphabet class. */
export function mutateKey(s: string, i: number): string {
  const c = s[i];
  const r = /[0-9]/.test(c) ? (c === '7' ? '3' : '7') : /[a-z]/.test(c) ? (c === 'q' ? 'r' : 'q') : c === 'Q' ? 'R' : 'Q';
  return s.slice(0, i) + r + s.slice(i + 1);
}

