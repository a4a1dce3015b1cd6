/**
 * Checksums of Microsoft's identifiable secret formats, written from the public description in
 * Microsoft's `security-utilities` project (github.com/microsoft/security-utilities):
 *
 *  - identifiable keys (Storage, Cosmos DB, Service Bus, Event Hubs, Relay, IoT, APIM, Batch,
 *    Functions, Search, Container Registry, Cache for Redis, Event Grid): base64 (or base64url)
 *    of N bytes whose last 4 bytes are the little-endian Marvin32 of the bytes before them,
 *    seeded per key kind; a 4-character signature sits just before the 6 characters of checksum;
 *  - common annotated security keys (CASK, e.g. Azure DevOps PATs): 84 or 88 characters with
 *    `JQQJ9` at 52, a provider signature at 76 and, at 80, the base62 text of the Marvin32 of the
 *    60 bytes that the first 80 characters encode (seed "Default0");
 *  - Entra ID client secrets (`xxx8Q~...`, 40 characters): the last 3 characters start the
 *    base-66 text of the Marvin32 of the first 37 characters (seed "AadPwd00").
 *
 * A valid checksum proves a key was minted by the service (or by Microsoft's generator), so a
 * rule may report it even when its body looks like filler, and drop a same-shaped string
 * whose checksum does not hold. Pure functions: no I/O.
 */

/** A Marvin32 seed as its two 32-bit halves (p0 = low, p1 = high). */
export interface MarvinSeed {
  lo: number;
  hi: number;
}

/**
 * Microsoft names each seed with 8 ASCII characters whose big-endian bytes are the 64-bit seed
 * ("Default0" is 0x44656661756c7430).
 */
export function seedOf(label: string): MarvinSeed {
  if (label.length !== 8 || !/^[\x20-\x7e]{8}$/.test(label)) throw new Error(`Marvin seed label must be 8 ASCII characters: "${label}"`);
  const be = (s: string): number => ((s.charCodeAt(0) << 24) | (s.charCodeAt(1) << 16) | (s.charCodeAt(2) << 8) | s.charCodeAt(3)) >>> 0;
  return { hi: be(label.slice(0, 4)), lo: be(label.slice(4)) };
}

export function seedFromBigInt(seed: bigint): MarvinSeed {
  return { lo: Number(seed & 0xffffffffn), hi: Number((seed >> 32n) & 0xffffffffn) };
}

const rotl = (x: number, n: number): number => ((x << n) | (x >>> (32 - n))) >>> 0;

/** Marvin32 state after hashing `data`: [p0, p1], both unsigned 32-bit. */
function marvinState(data: Uint8Array, seed: MarvinSeed): [number, number] {
  let p0 = seed.lo >>> 0;
  let p1 = seed.hi >>> 0;
  const block = (): void => {
    p1 = (p1 ^ p0) >>> 0;
    p0 = rotl(p0, 20);
    p0 = (p0 + p1) >>> 0;
    p1 = rotl(p1, 9);
    p1 = (p1 ^ p0) >>> 0;
    p0 = rotl(p0, 27);
    p0 = (p0 + p1) >>> 0;
    p1 = rotl(p1, 19);
  };
  const n = data.length;
  let i = 0;
  for (; n - i >= 4; i += 4) {
    p0 = (p0 + ((data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24)) >>> 0)) >>> 0;
    block();
  }
  // The 0..3 bytes left, little-endian, followed by a 0x80 byte.
  let last = 0x80;
  for (let k = n - 1; k >= i; k--) last = ((last << 8) | data[k]) >>> 0;
  p0 = (p0 + last) >>> 0;
  block();
  block();
  return [p0, p1];
}

/** The 64-bit Marvin hash, as .NET's `Marvin.ComputeHash` returns it ((p1 << 32) | p0). */
export function marvin64(data: Uint8Array, seed: MarvinSeed): bigint {
  const [p0, p1] = marvinState(data, seed);
  return (BigInt(p1) << 32n) | BigInt(p0);
}

/** The 32-bit Marvin checksum (p0 xor p1), unsigned. */
export function marvin32(data: Uint8Array, seed: MarvinSeed): number {
  const [p0, p1] = marvinState(data, seed);
  return (p0 ^ p1) >>> 0;
}

function le32(x: number): Uint8Array {
  return Uint8Array.of(x & 0xff, (x >>> 8) & 0xff, (x >>> 16) & 0xff, (x >>> 24) & 0xff);
}

const B64_STD = /^[A-Za-z0-9+/]+={0,2}$/;
const B64_URL = /^[A-Za-z0-9_-]+={0,2}$/;

/** Bytes of a base64 text in the given alphabet, or null when it is not one. */
function decodeBase64(text: string, urlSafe: boolean): Buffer | null {
  if (!(urlSafe ? B64_URL : B64_STD).test(text)) return null;
  const body = text.replace(/=+$/, '');
  if (body.length % 4 === 1) return null;
  return Buffer.from(body, urlSafe ? 'base64url' : 'base64');
}

// ---- identifiable keys ----------------------------------------------------------------------

export interface IdentifiableKeyKind {
  /** What the key is, for messages and tests. */
  name: string;
  /** Length of the key in bytes (the encoded text is base64 of this many bytes). */
  bytes: number;
  /** base64url alphabet (`-`, `_`) instead of the standard one. */
  urlSafe: boolean;
  /** Seed labels; a key is valid when its checksum matches any one of them. */
  seeds: readonly string[];
}

/** Signature -> key kind. One signature may serve several services' key kinds (seeds). */
export const IDENTIFIABLE_KEYS: Readonly<Record<string, IdentifiableKeyKind>> = {
  '+ASt': { name: 'Azure Storage account key', bytes: 64, urlSafe: false, seeds: ['Default0'] },
  ACDb: { name: 'Azure Cosmos DB key', bytes: 64, urlSafe: false, seeds: ['Encryp00', 'MastRO00', 'MastRW00', 'Resour00', 'SysAll00', 'SystRO00', 'SystRW00'] },
  '+ABa': { name: 'Azure Batch account key', bytes: 64, urlSafe: false, seeds: ['AbAcct00'] },
  APIM: { name: 'Azure API Management key', bytes: 64, urlSafe: false, seeds: ['Tenant00', 'IoTHub00', 'Gatewy00', 'GitKey00'] },
  '+AMC': { name: 'Azure ML classic web service key', bytes: 64, urlSafe: false, seeds: ['Classic0'] },
  '+ASb': { name: 'Azure Service Bus key', bytes: 32, urlSafe: false, seeds: ['Send0000', 'Listen00', 'Manage00'] },
  '+AEh': { name: 'Azure Event Hubs key', bytes: 32, urlSafe: false, seeds: ['Send0000', 'Listen00', 'Manage00'] },
  '+ARm': { name: 'Azure Relay key', bytes: 32, urlSafe: false, seeds: ['Send0000', 'Listen00', 'Manage00'] },
  AIoT: { name: 'Azure IoT key', bytes: 32, urlSafe: false, seeds: ['IoTHub00', 'DpsKey00', 'Device00'] },
  AzCa: { name: 'Azure Cache for Redis key', bytes: 32, urlSafe: false, seeds: ['Access00'] },
  AZEG: { name: 'Azure Event Grid key', bytes: 32, urlSafe: false, seeds: ['SendRecv'] },
  AzFu: { name: 'Azure Functions key', bytes: 40, urlSafe: true, seeds: ['Functi00', 'Master00', 'System00'] },
  AzSe: { name: 'Azure AI Search key', bytes: 39, urlSafe: true, seeds: ['Query000', 'PAdmin00'] },
  '+ACR': { name: 'Azure Container Registry key', bytes: 39, urlSafe: false, seeds: ['ACRDflt0'] },
};

const seedCache = new Map<string, MarvinSeed>();
function cachedSeed(label: string): MarvinSeed {
  let s = seedCache.get(label);
  if (!s) seedCache.set(label, (s = seedOf(label)));
  return s;
}

/** Encoded length of `bytes` bytes without padding. */
const unpaddedLength = (bytes: number): number => Math.ceil((bytes * 4) / 3);

/**
 * The kind of an identifiable key whose signature and checksum both hold, or null. The
 * signature is the 4 characters before the 6 of the checksum (padding aside).
 */
export function identifiableKeyKind(key: string): IdentifiableKeyKind | null {
  const body = key.replace(/=+$/, '');
  if (body.length < 12) return null;
  const kind = IDENTIFIABLE_KEYS[body.slice(body.length - 10, body.length - 6)];
  if (!kind || body.length !== unpaddedLength(kind.bytes)) return null;
  const bytes = decodeBase64(key, kind.urlSafe);
  if (!bytes || bytes.length !== kind.bytes) return null;
  const stored = bytes.readUInt32LE(bytes.length - 4);
  const data = bytes.subarray(0, bytes.length - 4);
  for (const label of kind.seeds) if (marvin32(data, cachedSeed(label)) === stored) return kind;
  return null;
}

export function isValidIdentifiableKey(key: string): boolean {
  return identifiableKeyKind(key) !== null;
}

// ---- common annotated security keys (CASK) --------------------------------------------------

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const CASK_SEED = 'Default0';
export const CASK_SIGNATURE_OFFSET = 52;
export const CASK_PROVIDER_OFFSET = 76;
const CASK_CHECKSUM_OFFSET = 80;

/**
 * Base62 of a byte string read as one big-endian number, keeping one '0' per leading zero byte
 * (but never only zeros beyond the length - 1), as Microsoft's base converter writes it.
 */
export function base62OfBytes(bytes: Uint8Array): string {
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  let digits = '';
  do {
    digits = BASE62[Number(value % 62n)] + digits;
    value /= 62n;
  } while (value > 0n);
  let zeros = 0;
  while (zeros < bytes.length - 1 && bytes[zeros] === 0) zeros++;
  return '0'.repeat(zeros) + digits;
}

/** The 8-character checksum text of a long-form CASK (6 characters of base62, then `==`). */
function caskChecksumText(checksum: number): string {
  const text = base62OfBytes(le32(checksum)).padEnd(6, '0').slice(0, 6);
  // The text is stored as the base64 of the 4 bytes it decodes to, which clears the low bits of its 6th character.
  return Buffer.from(text + '==', 'base64').toString('base64');
}

/** True for an 84- or 88-character common annotated security key whose checksum holds. */
export function isValidCommonAnnotatedKey(key: string): boolean {
  if (key.length !== 84 && key.length !== 88) return false;
  if (key.slice(CASK_SIGNATURE_OFFSET, CASK_SIGNATURE_OFFSET + 4) !== 'JQQJ') return false;
  const longForm = key.length === 88;
  if (!/^[A-Za-z0-9]+$/.test(key.slice(0, longForm ? 86 : 84)) || (longForm && !key.endsWith('=='))) return false;
  const data = Buffer.from(key.slice(0, CASK_CHECKSUM_OFFSET), 'base64');
  const checksum = marvin32(data, cachedSeed(CASK_SEED));
  const stored = key.slice(CASK_CHECKSUM_OFFSET);
  const base62 = caskChecksumText(checksum);
  if (longForm ? stored === base62 : base62.startsWith(stored)) return true;
  // Older generators wrote the checksum bytes in plain base64 (3 bytes in the short form).
  const plain = Buffer.from(le32(checksum).subarray(0, longForm ? 4 : 3)).toString('base64');
  return stored === plain;
}

// ---- Entra ID client secrets ----------------------------------------------------------------

const ENTRA_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890.-_~';
const ENTRA_SEED = 'AadPwd00';

/** `value` in the Entra alphabet, most significant digit first, at least `min` digits. */
export function entraEncode(value: number, min = 6): string {
  let out = '';
  let v = value >>> 0;
  while (v > 0) {
    out = ENTRA_ALPHABET[v % ENTRA_ALPHABET.length] + out;
    v = Math.floor(v / ENTRA_ALPHABET.length);
  }
  return out.padStart(min, ENTRA_ALPHABET[0]);
}

/** True for a current-format (40-character, `8Q~`) Entra client secret whose checksum holds. */
export function isValidEntraClientSecret(secret: string): boolean {
  if (secret.length !== 40 || secret.slice(3, 6) !== '8Q~') return false;
  for (let i = 0; i < secret.length; i++) if (!ENTRA_ALPHABET.includes(secret[i])) return false;
  const checksum = marvin32(Buffer.from(secret.slice(0, 37), 'latin1'), cachedSeed(ENTRA_SEED));
  return entraEncode(checksum).slice(0, 3) === secret.slice(37);
}
