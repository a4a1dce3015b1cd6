import { isAsciiBytes, isValidUtf8 } from '../nodeCompat';

/** How many leading bytes are inspected for NUL when sniffing binary content (as git does). */
const SNIFF_BYTES = 8000;

export type Encoding = 'utf8' | 'utf8-bom' | 'utf16le' | 'utf16be' | 'utf32le' | 'utf32be' | 'latin1';

export interface DecodedText {
  text: string;
  encoding: Encoding;
}

/**
 * Turns file bytes into text, or returns null for binary content.
 * UTF-16 and UTF-32 need their BOM (their NUL bytes would otherwise look binary); text that is
 * not valid UTF-8 is read as Latin-1 so that ASCII secrets inside legacy-encoded files are still found.
 */
export function decodeText(buf: Buffer): DecodedText | null {
  const t = sniffText(buf);
  return t && { text: t.decode(), encoding: t.encoding };
}

/**
 * A text file's bytes before decoding: what the keyword pass reads, so that files where no
 * rule can match are never turned into strings.
 */
export interface TextBytes {
  encoding: Encoding;
  /** The bytes of the text (after any byte-order mark). */
  bytes: Buffer;
  /**
   * How the decoded string's offsets relate to `bytes`: `bytes`, one character per byte (ASCII,
   * Latin-1); `utf8`, UTF-8 with multi-byte sequences; null, neither (UTF-16 and UTF-32).
   */
  units: 'bytes' | 'utf8' | null;
  /** The decoded text (each call decodes again). */
  decode(): string;
}

/** decodeText's verdict without decoding: null for binary content. */
export function sniffText(buf: Buffer): TextBytes | null {
  // The first bytes are read and compared for every file, whatever they are, as one number
  // per mark length: a byte-order mark is rare, and a read or comparison that only a mark's
  // first byte leads to is one the optimised code meets late (V8 then compiles this again).
  const n = buf.length;
  const head2 = n >= 2 ? (buf[0] << 8) | buf[1] : -1;
  const head3 = n >= 3 ? (head2 << 8) | buf[2] : -1;
  // Signed, as `|` makes it: FF FE 00 00 is 0xfffe0000 | 0.
  const head = n >= 4 ? (head3 << 8) | buf[3] : -1;
  // Before UTF-16: the UTF-32 LE mark begins with the UTF-16 LE one.
  if (head === (0xfffe0000 | 0)) return wide('utf32le', buf, () => utf32(buf.subarray(4), true));
  if (head === 0x0000feff) return wide('utf32be', buf, () => utf32(buf.subarray(4), false));
  if (head2 === 0xfffe) return wide('utf16le', buf, () => buf.toString('utf16le', 2));
  if (head2 === 0xfeff) return wide('utf16be', buf, () => swap16(buf.subarray(2)).toString('utf16le'));
  const sniff = buf.subarray(0, SNIFF_BYTES);
  if (sniff.indexOf(0) !== -1) return null;
  const bom = head3 === 0xefbbbf;
  // One set of checks for text with and without a UTF-8 mark (see above).
  const bytes = bom ? buf.subarray(3) : buf;
  // Most source is plain ASCII, decoded as Latin-1: the same string as UTF-8 gives, without the
  // UTF-8 decoder's cost.
  const units = isAsciiBytes(bytes) ? 'bytes' : isValidUtf8(bytes) ? 'utf8' : null;
  if (bom) return { encoding: 'utf8-bom', bytes, units, decode: () => buf.toString('utf8', 3) };
  // Without a mark, text that is not UTF-8 is read as Latin-1, one character per byte.
  return { encoding: units === null ? 'latin1' : 'utf8', bytes, units: units ?? 'bytes', decode: units === 'utf8' ? () => buf.toString('utf8') : () => buf.toString('latin1') };
}

function wide(encoding: Encoding, bytes: Buffer, decode: () => string): TextBytes {
  return { encoding, bytes, units: null, decode };
}

function swap16(b: Buffer): Buffer {
  const copy = Buffer.from(b.subarray(0, b.length - (b.length % 2)));
  return copy.swap16();
}

/** UTF-32 to a string; code points that are not characters (surrogates, beyond U+10FFFF) become U+FFFD. */
function utf32(b: Buffer, littleEndian: boolean): string {
  const count = b.length >> 2;
  const units = new Uint16Array(count * 2);
  const view = new DataView(b.buffer, b.byteOffset, count * 4);
  let n = 0;
  for (let i = 0; i < count; i++) {
    const cp = view.getUint32(i * 4, littleEndian);
    if (cp < 0x10000) units[n++] = cp >= 0xd800 && cp <= 0xdfff ? 0xfffd : cp;
    else if (cp <= 0x10ffff) {
      const v = cp - 0x10000;
      units[n++] = 0xd800 + (v >> 10);
      units[n++] = 0xdc00 + (v & 0x3ff);
    } else units[n++] = 0xfffd;
  }
  return Buffer.from(units.buffer, 0, n * 2).toString('utf16le');
}
