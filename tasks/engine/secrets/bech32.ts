/**
 * Bech32 (BIP-173), written from the specification: a human-readable part (HRP), the separator
 * `1` (the last `1` in the string), then data characters from a 32-letter alphabet whose last six
 * are a BCH checksum over the HRP and the data. One case throughout (the upper-case form is
 * checked as lower case, mixed case is invalid). Used for age X25519 identities
 * (`AGE-SECRET-KEY-1…`), which age encodes with the original Bech32 constant (1), not Bech32m,
 * and without BIP-173's 90-character limit. Pure functions: no I/O.
 */

const ALPHABET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

/** Value of each alphabet character (lower case), -1 for characters outside it. */
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

/** BIP-173's generator: the checksum is a BCH code over GF(32) with these coefficients. */
const GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

/** BIP-173's `bech32_polymod` over 5-bit values. */
export function bech32Polymod(values: readonly number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = (((chk & 0x1ffffff) << 5) ^ v) >>> 0;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk = (chk ^ GENERATOR[i]) >>> 0;
  }
  return chk;
}

/** BIP-173's `bech32_hrp_expand`: the high bits of each HRP character, a zero, the low bits. */
export function hrpExpand(hrp: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < hrp.length; i++) out.push(hrp.charCodeAt(i) >>> 5);
  out.push(0);
  for (let i = 0; i < hrp.length; i++) out.push(hrp.charCodeAt(i) & 31);
  return out;
}

/**
 * The data part (checksum removed) as 5-bit values, when `text` is a Bech32 string with this
 * HRP (compared without regard to case) and a valid checksum; undefined otherwise.
 */
export function bech32Data(text: string, hrp: string): number[] | undefined {
  if (text !== text.toLowerCase() && text !== text.toUpperCase()) return undefined;
  const s = text.toLowerCase();
  const sep = s.lastIndexOf('1');
  if (sep < 1 || s.length - sep - 1 < 6 || s.slice(0, sep) !== hrp.toLowerCase()) return undefined;
  for (let i = 0; i < sep; i++) {
    const c = s.charCodeAt(i);
    if (c < 33 || c > 126) return undefined;
  }
  const data: number[] = [];
  for (let i = sep + 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? VALUE[c] : -1;
    if (v < 0) return undefined;
    data.push(v);
  }
  if (bech32Polymod([...hrpExpand(s.slice(0, sep)), ...data]) !== 1) return undefined;
  return data.slice(0, -6);
}

/**
 * 5-bit groups to bytes, as BIP-173's `convertbits(…, 5, 8, pad=False)`: fewer than 5 bits may
 * be left over and they must be zero (an encoder pads with zeros), else undefined.
 */
export function fiveBitToBytes(data: readonly number[]): number[] | undefined {
  let acc = 0;
  let bits = 0;
  const out: number[] = [];
  for (const v of data) {
    acc = ((acc << 5) | v) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >>> bits) & 0xff);
    }
  }
  if (bits >= 5 || (acc & ((1 << bits) - 1)) !== 0) return undefined;
  return out;
}

/**
 * An age X25519 identity as age writes it: `AGE-SECRET-KEY-1` and Bech32 data that decodes to
 * exactly 32 bytes (the scalar) with zero padding, under a valid checksum. age itself refuses
 * any other string, so this holds for every key age made or accepts; a hand-typed or edited
 * look-alike fails it except by a 1-in-a-billion chance.
 */
export function isValidAgeSecretKey(value: string): boolean {
  const data = bech32Data(value, 'age-secret-key-');
  if (!data) return false;
  return fiveBitToBytes(data)?.length === 32;
}
