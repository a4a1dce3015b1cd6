/**
 * Whether a hit is a few characters in the middle of base64 data: a notebook's embedded PNG
 * (`"image/png": "iVBORw0KGgo…"`), a data URI, a font or a key store written out as base64. Such
 * data holds every short pattern somewhere (a `YC` and 38 more characters of the right alphabet
 * is a Yandex key's shape) by chance; a token written into a file stands apart from the text
 * around it, between quotes, spaces or punctuation. Pure: reads at most a few hundred characters
 * around the hit.
 */

/** How many characters of base64 must run on, on each side of the hit. */
const RUN = 64;
/** Of those, how many must be `+` or `/`: base64 of binary data has one in 32 characters. */
const SYMBOLS = 2;

/** Whether the hit `start`..`end` runs on into base64 data on both sides, or lies in a hex dump. */
export function isInsideEncodedData(text: string, start: number, end: number): boolean {
  return isInsideBase64(text, start, end) || isInsideHexDump(text, start, end);
}

function isInsideBase64(text: string, start: number, end: number): boolean {
  let symbols = 0;
  for (const step of [-1, 1]) {
    let i = step < 0 ? start - 1 : end;
    let n = 0;
    while (n < RUN && i >= 0 && i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 43 || c === 47) symbols++;
      else if (!isAlnum(c) && !isEscapedBreak(text, i)) break;
      n++;
      i += step;
    }
    if (n < RUN) return false;
  }
  return symbols >= SYMBOLS;
}

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** A JSON string's `\n` inside wrapped base64 (Jupyter writes its images so): the `\` of it. */
function isEscapedBreak(text: string, i: number): boolean {
  return text.charCodeAt(i) === 92 && text.charCodeAt(i + 1) === 110;
}

/** How many hex digits a line of a hex dump holds, at least. */
const HEX_LINE = 32;

/**
 * Whether the hit is on a line of hex digits alone, between two more such lines: binary data
 * written out as hex (a Delphi form's `PNG = { … }` bitmap, a firmware image in a C array's
 * comment, a dump). Its digits spell a prefixed token's shape by chance (`EAAA` and 60 more is
 * Square's), while a token put in a file has a name, quotes or letters beyond A-F around it.
 */
function isInsideHexDump(text: string, start: number, end: number): boolean {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  let lineEnd = text.indexOf('\n', end);
  if (lineEnd < 0) lineEnd = text.length;
  if (!isHexLine(text, lineStart, lineEnd)) return false;
  if (lineStart === 0 || lineEnd >= text.length) return false;
  const aboveStart = text.lastIndexOf('\n', lineStart - 2) + 1;
  let belowEnd = text.indexOf('\n', lineEnd + 1);
  if (belowEnd < 0) belowEnd = text.length;
  return isHexLine(text, aboveStart, lineStart - 1) && isHexLine(text, lineEnd + 1, belowEnd);
}

/** A line of only hex digits (at least HEX_LINE), maybe indented; a closing `}` may end it. */
function isHexLine(text: string, from: number, to: number): boolean {
  let i = from;
  while (i < to && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  let digits = 0;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)) digits++;
    else break;
  }
  while (i < to && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9 || text.charCodeAt(i) === 13 || text.charCodeAt(i) === 125)) i++;
  return i === to && digits >= HEX_LINE;
}
