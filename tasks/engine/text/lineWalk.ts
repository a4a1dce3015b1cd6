/**
 * The lines around a place in a text, read one at a time outward from it: what the checks of a
 * finding's context look at (a doc comment's heading above it, the siblings of a setting), a few
 * hundred lines at most, so no line index is built for them. Lines are split at `\n`; a `\r`
 * before it stays on its line.
 */

/** The line that starts at `lineStart`, without its `\n`. */
export function lineAt(text: string, lineStart: number): string {
  const lineEnd = text.indexOf('\n', lineStart);
  return text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
}

/** The lines above the one that starts at `lineStart`, nearest first, at most `max` of them. */
export function* linesAbove(text: string, lineStart: number, max: number): Generator<string> {
  for (let end = lineStart - 1, n = 0; end > 0 && n < max; n++) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    yield text.slice(start, end);
    end = start - 1;
  }
}

/** The lines below the one that holds `at`, nearest first, at most `max` of them. */
export function* linesBelow(text: string, at: number, max: number): Generator<string> {
  for (let end = text.indexOf('\n', at), n = 0; end >= 0 && n < max; n++) {
    const next = text.indexOf('\n', end + 1);
    yield text.slice(end + 1, next < 0 ? text.length : next);
    end = next;
  }
}
