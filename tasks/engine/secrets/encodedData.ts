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

/** Whether the hit `start`..`end` runs on into base64 data on both sides. */
export function isInsideEncodedData(text: string, start: number, end: number): boolean {
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
