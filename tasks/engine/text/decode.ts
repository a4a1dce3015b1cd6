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
  // Before UTF-16: the UTF-32 LE mark begins with the UTF-16 LE one.
  if (buf.length >= 4) {
    if (buf[0] === 0xff && buf[1] === 0xfe && buf[2] === 0 && buf[3] === 0) return wide('utf32le', buf, () => utf32(buf.subarray(4), true));
    if (buf[0] === 0 && buf[1] === 0 && buf[2] === 0xfe && buf[3] === 0xff) return wide('utf32be', buf, () => utf32(buf.subarray(4), false));
  }
  if (buf.length >= 2) {
    if (buf[0] === 0xff && buf[1] === 0xfe) return wide('utf16le', buf, () => buf.toString('utf16le', 2));
    if (buf[0] === 0xfe && buf[1] === 0xff) return wide('utf16be', buf, () => swap16(buf.subarray(2)).toString('utf16le'));
  }
  const sniff = buf.subarray(0, SNIFF_BYTES);
  if (sniff.indexOf(0) !== -1) return null;
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    const bytes = buf.subarray(3);
    return { encoding: 'utf8-bom', bytes, units: isAsciiBytes(bytes) ? 'bytes' : isValidUtf8(bytes) ? 'utf8' : null, decode: () => buf.toString('utf8', 3) };
  }
  // Most source is plain ASCII: the same string as UTF-8 gives, without the UTF-8 decoder's cost.
  if (isAsciiBytes(buf)) return { encoding: 'utf8', bytes: buf, units: 'bytes', decode: () => buf.toString('latin1') };
  if (isValidUtf8(buf)) return { encoding: 'utf8', bytes: buf, units: 'utf8', decode: () => buf.toString('utf8') };
  return { encoding: 'latin1', bytes: buf, units: 'bytes', decode: () => buf.toString('latin1') };
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
