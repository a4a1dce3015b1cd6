import { isValidUtf8 } from './nodeCompat';

/** How many leading bytes are inspected for NUL when sniffing binary content (as git does). */
const SNIFF_BYTES = 8000;

export type Encoding = 'utf8' | 'utf8-bom' | 'utf16le' | 'utf16be' | 'latin1';

export interface DecodedText {
  text: string;
  encoding: Encoding;
}

/**
 * Turns file bytes into text, or returns null for binary content.
 * UTF-16 needs its BOM (its NUL bytes would otherwise look binary); text that is not valid
 * UTF-8 is read as Latin-1 so that ASCII secrets inside legacy-encoded files are still found.
 */
export function decodeText(buf: Buffer): DecodedText | null {
  if (buf.length >= 2) {
    if (buf[0] === 0xff && buf[1] === 0xfe) return { text: buf.toString('utf16le', 2), encoding: 'utf16le' };
    if (buf[0] === 0xfe && buf[1] === 0xff) return { text: swap16(buf.subarray(2)).toString('utf16le'), encoding: 'utf16be' };
  }
  const sniff = buf.subarray(0, SNIFF_BYTES);
  if (sniff.indexOf(0) !== -1) return null;
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return { text: buf.toString('utf8', 3), encoding: 'utf8-bom' };
  }
  if (isValidUtf8(buf)) return { text: buf.toString('utf8'), encoding: 'utf8' };
  return { text: buf.toString('latin1'), encoding: 'latin1' };
}

function swap16(b: Buffer): Buffer {
  const copy = Buffer.from(b.subarray(0, b.length - (b.length % 2)));
  return copy.swap16();
}
