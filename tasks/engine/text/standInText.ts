/**
 * A one-byte stand-in for the text of a UTF-8 file with multi-byte characters, for regular
 * expressions that cannot tell the two apart: same length and offsets (one character per
 * UTF-16 unit), ASCII as it is, and each other unit replaced by a character that a regular
 * expression sees the same way: NO-BREAK SPACE for white space, `é` for anything else.
 *
 * Why: V8 decodes such a file into a two-byte string, at twice the memory and, on this kind of
 * machine, mostly paying for fresh pages; most of these files (bundles with a few non-ASCII
 * characters) have no match at all, so the real text is needed only where a rule matches.
 *
 * What makes it safe (see `standInSafe`): a pattern whose literals and classes are ASCII,
 * without backreferences and without the `u`/`v` flags, tests a non-ASCII unit only for being
 * white space (`\s`), a line terminator (`.`, `^`, `$`) or neither; under `i` without `u`, no
 * non-ASCII unit folds to ASCII. Text with U+2028 or U+2029 (white space and line terminators
 * both) gets no stand-in.
 */

/** Bytes of the stand-in: ASCII, NO-BREAK SPACE (white space), `é` (neither). */
const SPACE = 0xa0;
const OTHER = 0xe9;

let scratch: Buffer | undefined;

/** The stand-in for valid UTF-8 `bytes`, or null when it holds U+2028 or U+2029. */
export function standInText(bytes: Uint8Array): string | null {
  const b = standInBytes(bytes);
  return b && b.toString('latin1');
}

/**
 * standInText's bytes (its Latin-1 encoding), valid until the next call: a detector reads a
 * large stand-in in pieces rather than as one string.
 */
export function standInBytes(bytes: Uint8Array): Buffer | null {
  if (!scratch || scratch.length < bytes.length) scratch = Buffer.allocUnsafe(Math.max(bytes.length, 2 * (scratch?.length ?? 0), 64 * 1024));
  const out = scratch;
  const n = bytes.length;
  // Most of such a file is ASCII, copied as it is: runs are found four bytes at a time (on
  // aligned words of the same memory) and copied natively; a loop storing byte by byte cost
  // more than V8's own UTF-8 decoding of the file.
  const at = bytes.byteOffset;
  const first = (at + 3) & ~3;
  const words = first - at < n ? (at + n - first) >> 2 : 0;
  const w = words > 0 ? new Uint32Array(bytes.buffer, first, words) : null;
  let o = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j < n && bytes[j] < 0x80 && ((at + j) & 3) !== 0) j++;
    if (w !== null && j < n && ((at + j) & 3) === 0 && at + j >= first) {
      let q = (at + j - first) >> 2;
      while (q < words && (w[q] & 0x80808080) === 0) q++;
      j = first - at + 4 * q;
    }
    while (j < n && bytes[j] < 0x80) j++;
    if (j > i) {
      if (j - i < 16) for (let k = i; k < j; k++) out[o++] = bytes[k];
      else {
        // TypedArray#set copies natively, as Buffer#copy does, without Buffer#copy's layers of
        // JavaScript that V8 would inline here (a larger function to compile, several times).
        out.set(new Uint8Array(bytes.buffer, bytes.byteOffset + i, j - i), o);
        o += j - i;
      }
      i = j;
      if (i >= n) break;
    }
    // One non-ASCII character (valid UTF-8: its sequence is whole). Every operation below runs
    // for every such character, whatever its kind: a branch per kind left the optimised code
    // meeting a new operation on the first 3- or 4-byte character of a scan, and V8 then threw
    // it away and compiled the function again (six times over a scan of node_modules).
    const b = bytes[i];
    const len = SEQUENCE_LENGTH[b];
    const b1 = bytes[i + 1];
    // The last byte of a 3-byte sequence (of a 2-byte one, b1 again; of a 4-byte one, unused).
    const b2 = bytes[i + len - 1];
    const cp2 = ((b & 0x1f) << 6) | (b1 & 0x3f);
    const cp3 = ((b & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
    const kind = len === 4 ? 0 : UNIT_KIND[len === 2 ? cp2 : cp3];
    if (kind === SEPARATOR) return null;
    out[o] = kind === WHITE ? SPACE : OTHER;
    // Beyond U+FFFF: a surrogate pair, two units that are neither (the second store is
    // overwritten by the next unit otherwise; the output never outgrows the input).
    out[o + 1] = OTHER;
    o += len === 4 ? 2 : 1;
    i += len;
  }
  return out.subarray(0, o);
}

/** UNIT_KIND values: a unit that is neither, JavaScript white space (`\s`), U+2028 or U+2029. */
const WHITE = 1;
const SEPARATOR = 2;

/**
 * Per BMP code point from U+0080, what the stand-in makes of it: WHITE for U+00A0 and, from
 * U+0800 up, Zs and the byte-order mark; SEPARATOR for U+2028 and U+2029 (no stand-in); else 0.
 */
const UNIT_KIND = (() => {
  const t = new Uint8Array(0x10000);
  for (const cp of [0xa0, 0x1680, 0x202f, 0x205f, 0x3000, 0xfeff]) t[cp] = WHITE;
  for (let cp = 0x2000; cp <= 0x200a; cp++) t[cp] = WHITE;
  t[0x2028] = t[0x2029] = SEPARATOR;
  return t;
})();

/**
 * Per lead byte of a multi-byte UTF-8 sequence, the sequence's length. A byte that cannot lead
 * one (only in text that is not valid UTF-8, which no caller passes) steps two, as before: never
 * zero, so that the loop always moves on.
 */
const SEQUENCE_LENGTH = (() => {
  const t = new Uint8Array(256);
  for (let b = 0x80; b < 0x100; b++) t[b] = b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
  return t;
})();

/**
 * Whether a regular expression finds the same matches, at the same offsets, in a text and in
 * its stand-in (see the module's comment).
 */
export function standInSafe(pattern: string, flags: string): boolean {
  if (/[uv]/.test(flags)) return false;
  // Non-ASCII literals, Unicode or high escapes, property classes, backreferences.
  if (/[^\x00-\x7f]/.test(pattern)) return false;
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] !== '\\') continue;
    const next = pattern[i + 1] ?? '';
    if (next === 'k' && asciiOnlyBackreference(pattern, i)) {
      i++;
      continue;
    }
    if (/[1-9kpPuc]/.test(next)) return false;
    if (next === 'x' && !/^[0-7][0-9a-fA-F]$/.test(pattern.slice(i + 2, i + 4))) return false;
    if (next === '0' && /[0-9]/.test(pattern[i + 2] ?? '')) return false;
    i++;
  }
  return true;
}

/**
 * Whether the backreference `\k<name>` at `at` refers to a group that can only capture ASCII
 * characters (a quote: `(?<q>["'])`): it then compares ASCII units, which the stand-in keeps as
 * they are, so it matches in the stand-in exactly where it matches in the text. Such a group is
 * how rules pair a value's quotes; a file that holds their keywords (`process.env`) and non-ASCII
 * text would otherwise be decoded to a two-byte string whether a rule matches or not.
 */
function asciiOnlyBackreference(pattern: string, at: number): boolean {
  const ref = /^\\k<([A-Za-z_$][\w$]*)>/.exec(pattern.slice(at));
  if (!ref) return false;
  const open = `(?<${ref[1]}>`;
  const start = pattern.indexOf(open);
  // One group of that name (a second one in another alternative could capture anything).
  if (start < 0 || pattern[start - 1] === '\\' || pattern.indexOf(open, start + 1) >= 0) return false;
  // Its body: one ASCII literal, or a class of ASCII literals (no ranges, no negation, no
  // escapes but of punctuation); under `i` without `u` no non-ASCII unit folds to ASCII.
  const body = /^(?:[^\\[\]()|^$.*+?{}\s]|\\[^A-Za-z0-9]|\[(?!\^)(?:[^\\\]\-\s]|\\[^A-Za-z0-9])+\])\)/.exec(pattern.slice(start + open.length));
  return body !== null && !/[^\x20-\x7e]/.test(body[0]);
}
