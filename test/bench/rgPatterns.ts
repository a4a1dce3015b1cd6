/**
 * Turns Palisade's rule patterns (JavaScript regular expressions) into patterns ripgrep runs,
 * for the benchmark's "same patterns" comparison:
 *
 * - `pcre2` (`rg -P`): the same regex, lookarounds and back-references kept; named groups are
 *   renamed per rule (one search runs every rule, and PCRE2 group names must be unique),
 *   flags become scoped groups such as `(?i:...)`.
 * - `rust` (rg's default engine, which has no lookaround and no back-references): lookarounds
 *   are dropped and a back-reference is replaced by a copy of the group it refers to, so the
 *   pattern matches a superset of what the rule matches.
 */
import type { SecretRuleSpec } from '../../tasks/engine/rules/ruleSpec';

type Node =
  | { t: 'text'; s: string }
  | { t: 'group'; kind: 'cap' | 'nc' | 'la' | 'nla' | 'lb' | 'nlb' | 'named'; name?: string; index?: number; body: Node[] }
  | { t: 'backref'; name?: string; index?: number };

class Parser {
  private i = 0;
  private capCount = 0;
  readonly groups = new Map<string, Node[]>();

  constructor(private readonly src: string) {}

  parse(): Node[] {
    const nodes = this.seq();
    if (this.i < this.src.length) throw new Error(`unbalanced ")" at ${this.i}`);
    return nodes;
  }

  private seq(): Node[] {
    const out: Node[] = [];
    const s = this.src;
    while (this.i < s.length) {
      const c = s[this.i];
      if (c === ')') return out;
      if (c === '(') {
        out.push(this.group());
        continue;
      }
      if (c === '[') {
        out.push({ t: 'text', s: this.charClass() });
        continue;
      }
      if (c === '\\') {
        out.push(this.escape());
        continue;
      }
      out.push({ t: 'text', s: c });
      this.i++;
    }
    return out;
  }

  private group(): Node {
    const s = this.src;
    this.i++; // (
    let kind: 'cap' | 'nc' | 'la' | 'nla' | 'lb' | 'nlb' | 'named' = 'cap';
    let name: string | undefined;
    let index: number | undefined;
    if (s.startsWith('?:', this.i)) {
      kind = 'nc';
      this.i += 2;
    } else if (s.startsWith('?=', this.i)) {
      kind = 'la';
      this.i += 2;
    } else if (s.startsWith('?!', this.i)) {
      kind = 'nla';
      this.i += 2;
    } else if (s.startsWith('?<=', this.i)) {
      kind = 'lb';
      this.i += 3;
    } else if (s.startsWith('?<!', this.i)) {
      kind = 'nlb';
      this.i += 3;
    } else if (s.startsWith('?<', this.i)) {
      const end = s.indexOf('>', this.i);
      name = s.slice(this.i + 2, end);
      kind = 'named';
      index = ++this.capCount;
      this.i = end + 1;
    } else if (s[this.i] === '?') {
      throw new Error(`unsupported group syntax "(${s.slice(this.i, this.i + 3)}"`);
    } else {
      index = ++this.capCount;
    }
    const body = this.seq();
    if (s[this.i] !== ')') throw new Error('unterminated group');
    this.i++;
    const node: Node = { t: 'group', kind, name, index, body };
    if (name) this.groups.set(name, body);
    if (index !== undefined) this.groups.set(String(index), body);
    return node;
  }

  private charClass(): string {
    const s = this.src;
    const start = this.i;
    this.i++; // [
    if (s[this.i] === '^') this.i++;
    if (s[this.i] === ']') {
      // JS: [] matches nothing, [^] matches anything.
      this.i++;
      return s.slice(start, this.i) === '[^]' ? '[\\s\\S]' : '(?!)';
    }
    let out = s.slice(start, this.i);
    while (this.i < s.length && s[this.i] !== ']') {
      if (s[this.i] === '\\') {
        const e = s[this.i + 1];
        if (e === 'u') out += this.unicodeEscape();
        else if (/[A-Za-z0-9]/.test(e) || '\\]-[^&~'.includes(e)) out += '\\' + e;
        // Other escaped punctuation (\/ \' \" ...) is literal; Rust refuses the escape.
        else out += e;
        if (e !== 'u') this.i += 2;
        continue;
      }
      // Rust treats "&&", "--" and "~~" inside classes as set operators: escape them.
      if ((s[this.i] === '&' || s[this.i] === '~') && s[this.i + 1] === s[this.i]) out += '\\';
      out += s[this.i++];
    }
    this.i++; // ]
    return out + ']';
  }

  private unicodeEscape(): string {
    const s = this.src;
    // at "\u"
    if (s[this.i + 2] === '{') {
      const end = s.indexOf('}', this.i);
      const hex = s.slice(this.i + 3, end);
      this.i = end + 1;
      return `\\x{${hex}}`;
    }
    const hex = s.slice(this.i + 2, this.i + 6);
    this.i += 6;
    return `\\x{${hex}}`;
  }

  private escape(): Node {
    const s = this.src;
    const e = s[this.i + 1];
    if (e === 'k' && s[this.i + 2] === '<') {
      const end = s.indexOf('>', this.i);
      const name = s.slice(this.i + 3, end);
      this.i = end + 1;
      return { t: 'backref', name };
    }
    if (e >= '1' && e <= '9') {
      let j = this.i + 1;
      while (j < s.length && s[j] >= '0' && s[j] <= '9') j++;
      const index = Number(s.slice(this.i + 1, j));
      this.i = j;
      return { t: 'backref', index };
    }
    if (e === 'u') return { t: 'text', s: this.unicodeEscape() };
    this.i += 2;
    if (/[A-Za-z0-9]/.test(e)) return { t: 'text', s: '\\' + e };
    // Escaped punctuation: keep the escape only where it means something.
    return { t: 'text', s: '\\.^$|?*+()[]{}'.includes(e) ? '\\' + e : e };
  }
}

export type RgEngine = 'pcre2' | 'rust';

export interface RgPattern {
  ruleId: string;
  pattern: string;
  /** What had to change for this engine, if anything. */
  note?: string;
}

/** No quantifier, no alternation: certainly fixed-length. */
function plainlyFixed(body: string): boolean {
  const noClasses = body.replace(/\\./g, 'x').replace(/\[[^\]]*\]/g, 'x');
  return !/[*+?|]|\{\d*,/.test(noClasses.replace(/\(\?[:=!]|\(\?<[=!]/g, '('));
}

function flagged(body: string, flags: string | undefined, ascii = false): string {
  const f = (flags ?? '').replace(/[^ims]/g, '') + (ascii ? '-u' : '');
  return f ? `(?${f}:${body})` : `(?:${body})`;
}

/** One rule's pattern for ripgrep; `prefix` keeps group names unique across rules. */
/**
 * `stripLookbehind`: 'variable' drops the lookbehinds that are not plainly fixed-length (older
 * PCRE2, as in ripgrep 13, refuses those); 'all' drops every lookbehind.
 */
export function translatePattern(spec: Pick<SecretRuleSpec, 'id' | 'pattern' | 'flags'>, engine: RgEngine, prefix: string, opts: { stripLookbehind?: 'variable' | 'all'; ascii?: boolean } = {}): RgPattern {
  const p = new Parser(spec.pattern);
  const tree = p.parse();
  const changes = new Set<string>();
  const render = (nodes: Node[]): string => {
    let out = '';
    for (const n of nodes) {
      if (n.t === 'text') {
        out += n.s;
      } else if (n.t === 'backref') {
        const key = n.name ?? String(n.index);
        if (engine === 'pcre2') {
          out += `\\k<${prefix}${n.name ?? `g${n.index}`}>`;
        } else {
          const target = p.groups.get(key);
          if (!target) throw new Error(`back-reference to unknown group ${key}`);
          out += `(?:${render(target)})`;
          changes.add('back-references replaced by the group they repeat');
        }
      } else {
        const body = render(n.body);
        switch (n.kind) {
          case 'nc':
            out += `(?:${body})`;
            break;
          case 'cap':
          case 'named':
            out += engine === 'pcre2' ? `(?<${prefix}${n.name ?? `g${n.index}`}>${body})` : `(?:${body})`;
            break;
          case 'la':
          case 'nla':
            if (engine === 'pcre2') out += `(?${n.kind === 'la' ? '=' : '!'}${body})`;
            else changes.add('lookarounds removed');
            break;
          case 'lb':
          case 'nlb':
            if (engine === 'pcre2' && !(opts.stripLookbehind === 'all' || (opts.stripLookbehind === 'variable' && !plainlyFixed(body)))) out += `(?<${n.kind === 'lb' ? '=' : '!'}${body})`;
            else changes.add(engine === 'pcre2' ? 'variable-length lookbehind removed (the PCRE2 in this rg wants fixed length)' : 'lookarounds removed');
            break;
        }
      }
    }
    return out;
  };
  const body = render(tree);
  // JavaScript without the u flag has ASCII \w, \d and \b: say so to Rust's engine, which is
  // Unicode-aware by default and much slower for it.
  const ascii = engine === 'rust' && opts.ascii && !(spec.flags ?? '').includes('u') && /^[\x00-\x7f]*$/.test(body) && !/\\[pP]/.test(body);
  if (ascii) changes.add('ASCII mode (?-u), as JavaScript without the u flag');
  const pattern = flagged(body, spec.flags, ascii);
  return { ruleId: spec.id, pattern, note: changes.size ? [...changes].join('; ') : undefined };
}

/** Patterns for every rule, `copies` times each (for the rule-doubling figure). */
export function rgPatterns(specs: readonly Pick<SecretRuleSpec, 'id' | 'pattern' | 'flags'>[], engine: RgEngine, copies = 1): RgPattern[] {
  const out: RgPattern[] = [];
  for (let k = 1; k <= copies; k++) {
    specs.forEach((s, i) => {
      const id = k === 1 ? s.id : `${s.id}.x${k}`;
      out.push({ ...translatePattern(s, engine, `r${i}c${k}_`), ruleId: id });
    });
  }
  return out;
}
