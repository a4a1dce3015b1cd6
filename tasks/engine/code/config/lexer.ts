/**
 * Tokens for the two block languages we parse ourselves (Terraform HCL and Bicep): enough to
 * find blocks, keys, literals and the extent of expressions; operators stay one-character
 * punctuation except the few two-character ones that change meaning (`==` is not `=`).
 */
export interface Token {
  type: 'ident' | 'string' | 'number' | 'punct' | 'newline' | 'eof';
  text: string;
  start: number;
  end: number;
  /** String value without quotes; undefined when the string interpolates (`${...}`). */
  value?: string;
}

export interface LexOptions {
  /** `"..."` strings and `<<EOF` heredocs (HCL), else `'...'` and `'''...'''` (Bicep). */
  hcl: boolean;
}

const TWO = new Set(['==', '!=', '>=', '<=', '=>', '&&', '||', '::', '??', '.?', '?.']);

/** Index just past the `}` closing an interpolation that opened at `i` (after `${`). */
function skipInterpolation(s: string, i: number, quote: string): number {
  let depth = 1;
  while (i < s.length && depth > 0) {
    const c = s[i];
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === quote) i = skipString(s, i, quote) - 1;
    i++;
  }
  return i;
}

/** Index just past a string starting at `i` (the opening quote); `interp` set when it interpolates. */
function skipString(s: string, i: number, quote: string, state?: { interp: boolean }): number {
  i++;
  while (i < s.length) {
    const c = s[i];
    if (c === '\\') i += 2;
    else if (c === quote) return i + 1;
    else if (c === '$' && s[i + 1] === '{') {
      if (state) state.interp = true;
      i = skipInterpolation(s, i + 2, quote);
    } else if (c === '\n' && quote === '"') return i;
    else i++;
  }
  return i;
}

function unescape(body: string): string {
  return body.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[c] ?? c);
}

export function tokenize(s: string, opts: LexOptions): Token[] {
  const out: Token[] = [];
  let i = 0;
  const push = (type: Token['type'], start: number, end: number, value?: string): void => {
    out.push({ type, text: s.slice(start, end), start, end, value });
  };
  while (i < s.length) {
    const c = s[i];
    if (c === '\n') {
      push('newline', i, i + 1);
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') i++;
    else if ((c === '#' && opts.hcl) || (c === '/' && s[i + 1] === '/')) {
      while (i < s.length && s[i] !== '\n') i++;
    } else if (c === '/' && s[i + 1] === '*') {
      const e = s.indexOf('*/', i + 2);
      i = e === -1 ? s.length : e + 2;
    } else if (opts.hcl && c === '<' && s[i + 1] === '<' && /^<<-?[A-Za-z_]/.test(s.slice(i, i + 4))) {
      const m = /^<<-?([A-Za-z_][A-Za-z0-9_]*)[^\n]*\n/.exec(s.slice(i));
      if (!m) {
        push('punct', i, i + 1);
        i++;
        continue;
      }
      const bodyStart = i + m[0].length;
      const endRe = new RegExp(`^[ \\t]*${m[1]}[ \\t]*$`, 'm');
      const rest = s.slice(bodyStart);
      const em = endRe.exec(rest);
      const bodyEnd = em ? bodyStart + em.index : s.length;
      const end = em ? bodyStart + em.index + em[0].length : s.length;
      push('string', i, end, rest.slice(0, bodyEnd - bodyStart).includes('${') ? undefined : s.slice(bodyStart, bodyEnd));
      i = end;
    } else if (!opts.hcl && s.startsWith("'''", i)) {
      const e = s.indexOf("'''", i + 3);
      const end = e === -1 ? s.length : e + 3;
      push('string', i, end, s.slice(i + 3, e === -1 ? s.length : e));
      i = end;
    } else if (c === (opts.hcl ? '"' : "'")) {
      const st = { interp: false };
      const end = skipString(s, i, c, st);
      push('string', i, end, st.interp ? undefined : unescape(s.slice(i + 1, end - 1)));
      i = end;
    } else if (/[0-9]/.test(c)) {
      let j = i;
      while (j < s.length && /[0-9.eE_]/.test(s[j])) j++;
      push('number', i, j);
      i = j;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i;
      while (j < s.length && /[A-Za-z0-9_-]/.test(s[j])) j++;
      push('ident', i, j);
      i = j;
    } else if (TWO.has(s.slice(i, i + 2))) {
      push('punct', i, i + 2);
      i += 2;
    } else {
      push('punct', i, i + 1);
      i++;
    }
  }
  out.push({ type: 'eof', text: '', start: s.length, end: s.length });
  return out;
}
