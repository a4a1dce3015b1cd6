/**
 * Razor (.cshtml, .razor) to C#: keeps the C# parts of a view (`@expr`, `@(expr)`, `@{ ... }`,
 * `@if/@foreach ... { }`, `@code { }`) at their original offsets and blanks the markup, so the C#
 * grammar parses the view and findings point at the right line and column. Each transition's
 * `@` becomes `;` to end the previous statement.
 */

const DIRECTIVES = new Set(['model', 'using', 'inject', 'page', 'addTagHelper', 'removeTagHelper', 'tagHelperPrefix', 'namespace', 'inherits', 'layout', 'implements', 'attribute', 'typeparam', 'rendermode', 'preservewhitespace']);
const BLOCKS = new Set(['if', 'foreach', 'for', 'while', 'switch', 'using', 'lock', 'try', 'do', 'functions', 'code', 'section']);

function isIdentStart(c: string | undefined): boolean {
  return !!c && /[A-Za-z_]/.test(c);
}

function isIdentChar(c: string | undefined): boolean {
  return !!c && /[A-Za-z0-9_]/.test(c);
}

/** Index just past the bracket that closes the one at `open`, skipping string and char literals. */
function matchBracket(text: string, open: number): number {
  const pairs: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
  const stack: string[] = [pairs[text[open]]];
  let i = open + 1;
  while (i < text.length && stack.length) {
    const c = text[i];
    if (c === '"' || c === "'") {
      i++;
      while (i < text.length && text[i] !== c && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
    } else if (pairs[c]) stack.push(pairs[c]);
    else if (c === stack[stack.length - 1]) stack.pop();
    i++;
  }
  return i;
}

export function razorToCSharp(text: string): string {
  const out = text.replace(/[^\n]/g, ' ').split('');
  const copy = (from: number, to: number): void => {
    for (let k = from; k < to && k < text.length; k++) out[k] = text[k];
  };
  const terminate = (at: number): void => {
    if (at < text.length && text[at] !== '\n') out[at] = ';';
  };

  /** Copies a code block's body, blanking markup lines and handling transitions inside them. */
  const codeBlock = (from: number, to: number): void => {
    let i = from;
    while (i < to) {
      const lineEnd = Math.min(to, text.indexOf('\n', i) === -1 ? to : text.indexOf('\n', i));
      const line = text.slice(i, lineEnd);
      if (/^\s*(<[A-Za-z!/]|@:)/.test(line)) markup(i, lineEnd);
      else copy(i, lineEnd);
      i = lineEnd + 1;
    }
  };

  const markup = (from: number, to: number): void => {
    let i = from;
    while (i < to) {
      const at = text.indexOf('@', i);
      if (at === -1 || at >= to) return;
      i = transition(at, to);
    }
  };

  /** Handles the `@` at `at`; returns where scanning resumes. */
  const transition = (at: number, limit: number): number => {
    const next = text[at + 1];
    if (next === '@') return at + 2;
    if (at > 0 && isIdentChar(text[at - 1])) return at + 1; // e-mail address
    if (next === '*') {
      const end = text.indexOf('*@', at + 2);
      return end === -1 ? limit : end + 2;
    }
    if (next === '{') {
      const end = matchBracket(text, at + 1);
      out[at] = ';';
      out[at + 1] = '{';
      codeBlock(at + 2, end - 1);
      if (end - 1 < text.length) out[end - 1] = '}';
      return end;
    }
    if (next === '(') {
      const end = matchBracket(text, at + 1);
      out[at] = ';';
      copy(at + 1, end);
      terminate(end);
      return end;
    }
    if (!isIdentStart(next)) return at + 1;
    let j = at + 1;
    while (isIdentChar(text[j])) j++;
    const word = text.slice(at + 1, j);
    if (DIRECTIVES.has(word)) {
      const eol = text.indexOf('\n', j);
      return eol === -1 ? text.length : eol;
    }
    if (BLOCKS.has(word)) {
      const brace = text.indexOf('{', j);
      if (brace === -1) return j;
      out[at] = ';';
      copy(at + 1, brace + 1);
      const end = matchBracket(text, brace);
      codeBlock(brace + 1, end - 1);
      if (end - 1 < text.length) out[end - 1] = '}';
      // else / else if / catch / finally continue the statement.
      const rest = /^\s*(else\s+if\b[^{]*\{|else\s*\{|catch\b[^{]*\{|finally\s*\{)/.exec(text.slice(end));
      if (rest) {
        const b = end + rest[0].length - 1;
        copy(end, b + 1);
        const e2 = matchBracket(text, b);
        codeBlock(b + 1, e2 - 1);
        if (e2 - 1 < text.length) out[e2 - 1] = '}';
        return e2;
      }
      return end;
    }
    // Implicit expression: name(.name | ?.name | (args) | [index])*, optionally after `await `.
    let k = j;
    if (word === 'await') {
      const m = /^\s+[A-Za-z_]/.exec(text.slice(j));
      if (m) {
        k = j + m[0].length;
        while (isIdentChar(text[k])) k++;
      }
    }
    for (;;) {
      if (text[k] === '(' || text[k] === '[') k = matchBracket(text, k);
      else if (text[k] === '.' && isIdentStart(text[k + 1])) {
        k++;
        while (isIdentChar(text[k])) k++;
      } else if (text[k] === '?' && text[k + 1] === '.' && isIdentStart(text[k + 2])) {
        k += 2;
        while (isIdentChar(text[k])) k++;
      } else break;
    }
    out[at] = ';';
    copy(at + 1, k);
    terminate(k);
    return k;
  };

  markup(0, text.length);
  return out.join('');
}
