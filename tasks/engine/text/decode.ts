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
  // Before UTF-16: the UTF-32 LE mark begins with the UTF-16 LE one.
  if (buf.length >= 4) {
    if (buf[0] === 0xff && buf[1] === 0xfe && buf[2] === 0 && buf[3] === 0) return { text: utf32(buf.subarray(4), true), encoding: 'utf32le' };
    if (buf[0] === 0 && buf[1] === 0 && buf[2] === 0xfe && buf[3] === 0xff) return { text: utf32(buf.subarray(4), false), encoding: 'utf32be' };
  }
  if (buf.length >= 2) {
    if (buf[0] === 0xff && buf[1] === 0xfe) return { text: buf.toString('utf16le', 2), encoding: 'utf16le' };
    if (buf[0] === 0xfe && buf[1] === 0xff) return { text: swap16(buf.subarray(2)).toString('utf16le'), encoding: 'utf16be' };
  }
  const sniff = buf.subarray(0, SNIFF_BYTES);
  if (sniff.indexOf(0) !== -1) return null;
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return { text: buf.toString('utf8', 3), encoding: 'utf8-bom' };
  }
  // Most source is plain ASCII: the same string as UTF-8 gives, without the UTF-8 decoder's cost.
  if (isAsciiBytes(buf)) return { text: buf.toString('latin1'), encoding: 'utf8' };
  if (isValidUtf8(buf)) return { text: buf.toString('utf8'), encoding: 'utf8' };
  return { text: buf.toString('latin1'), encoding: 'latin1' };
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
