import { mapNode, type CEntry, type CNode, type ConfigDoc } from './configTree';
import { tokenize, type Token } from './lexer';

/**
 * Recursive-descent parsers for Terraform (HCL) and Bicep. Literals, lists, objects and blocks
 * become tree nodes; anything computed (references, calls, conditionals, loops) becomes an
 * expression node holding its source text, which is all a rule needs to tell "literal false"
 * from "whatever a variable says". Unparseable lines are skipped, never fatal.
 */
abstract class BlockParser {
  protected pos = 0;
  protected readonly toks: Token[];

  constructor(
    protected readonly src: string,
    hcl: boolean,
  ) {
    this.toks = tokenize(src, { hcl });
  }

  protected get tok(): Token {
    return this.toks[this.pos];
  }

  protected peek(n = 1): Token {
    return this.toks[Math.min(this.pos + n, this.toks.length - 1)];
  }

  protected is(text: string): boolean {
    return this.tok.type === 'punct' && this.tok.text === text;
  }

  protected skipNewlines(): void {
    while (this.tok.type === 'newline') this.pos++;
  }

  protected skipLine(): void {
    let depth = 0;
    while (this.tok.type !== 'eof') {
      if (this.tok.type === 'punct' && '([{'.includes(this.tok.text)) depth++;
      else if (this.tok.type === 'punct' && ')]}'.includes(this.tok.text)) {
        if (depth === 0) return;
        depth--;
      } else if (this.tok.type === 'newline' && depth === 0) return;
      this.pos++;
    }
  }

  private atTerminator(): boolean {
    const t = this.tok;
    return t.type === 'eof' || t.type === 'newline' || (t.type === 'punct' && (t.text === ',' || t.text === ']' || t.text === '}' || t.text === ')'));
  }

  /** Consumes an expression up to a terminator at bracket depth 0 and returns it as text. */
  protected expressionFrom(startTok: Token): CNode {
    let depth = 0;
    let last = startTok;
    while (this.tok.type !== 'eof') {
      const t = this.tok;
      if (t.type === 'punct' && '([{'.includes(t.text)) depth++;
      else if (t.type === 'punct' && ')]}'.includes(t.text)) {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0 && (t.type === 'newline' || (t.type === 'punct' && t.text === ','))) break;
      last = t;
      this.pos++;
    }
    return { kind: 'expr', start: startTok.start, end: last.end, text: this.src.slice(startTok.start, last.end) };
  }

  protected abstract objectEntry(): CEntry | null;
  protected abstract listItemsStart(): void;

  /** A value: literal, list, object, or expression. */
  protected value(): CNode {
    const start = this.pos;
    const t = this.tok;
    let node: CNode | null = null;
    if (t.type === 'string' && t.value !== undefined) {
      this.pos++;
      node = { kind: 'scalar', value: t.value, start: t.start, end: t.end, text: t.text };
    } else if (t.type === 'number') {
      this.pos++;
      node = { kind: 'scalar', value: Number(t.text.replace(/_/g, '')), start: t.start, end: t.end, text: t.text };
    } else if (t.type === 'ident' && (t.text === 'true' || t.text === 'false' || t.text === 'null')) {
      this.pos++;
      node = { kind: 'scalar', value: t.text === 'null' ? null : t.text === 'true', start: t.start, end: t.end, text: t.text };
    } else if (this.is('[')) {
      node = this.list();
    } else if (this.is('{')) {
      node = this.object();
    }
    if (node && this.atTerminator()) return node;
    this.pos = start;
    return this.expressionFrom(this.tok);
  }

  protected list(): CNode | null {
    const open = this.tok;
    this.pos++;
    this.listItemsStart();
    const items: CNode[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.is(',')) {
        this.pos++;
        continue;
      }
      if (this.is(']')) {
        const close = this.tok;
        this.pos++;
        return { kind: 'list', items, start: open.start, end: close.end };
      }
      if (this.tok.type === 'eof') return null;
      const before = this.pos;
      items.push(this.value());
      if (this.pos === before) return null;
    }
  }

  protected object(): CNode | null {
    const open = this.tok;
    this.pos++;
    const entries: CEntry[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.is(',')) {
        this.pos++;
        continue;
      }
      if (this.is('}')) {
        const close = this.tok;
        this.pos++;
        return mapNode(entries, open.start, close.end);
      }
      if (this.tok.type === 'eof') return null;
      const before = this.pos;
      const e = this.objectEntry();
      if (e) entries.push(e);
      else {
        this.skipLine();
        if (this.pos === before) return null;
      }
    }
  }
}

class HclParser extends BlockParser {
  constructor(src: string) {
    super(src, true);
  }

  parse(): ConfigDoc {
    const entries = this.body();
    return { roots: [mapNode(entries, 0, this.src.length)] };
  }

  /** Attributes and blocks until `}` or the end. */
  private body(): CEntry[] {
    const entries: CEntry[] = [];
    for (;;) {
      this.skipNewlines();
      const t = this.tok;
      if (t.type === 'eof' || this.is('}')) return entries;
      if (t.type === 'ident') {
        const next = this.peek();
        if (next.type === 'punct' && next.text === '=') {
          this.pos += 2;
          const value = this.value();
          entries.push({ key: t.text, labels: [], start: t.start, end: value.end, value });
          continue;
        }
        const labels: string[] = [];
        let k = 1;
        while (this.peek(k).type === 'string' || this.peek(k).type === 'ident') {
          const l = this.peek(k);
          labels.push(l.type === 'string' ? (l.value ?? l.text) : l.text);
          k++;
        }
        const brace = this.peek(k);
        if (brace.type === 'punct' && brace.text === '{') {
          this.pos += k + 1;
          const inner = this.body();
          const close = this.tok;
          if (this.is('}')) this.pos++;
          entries.push({ key: t.text, labels, start: t.start, end: close.end, value: mapNode(inner, brace.start, close.end) });
          continue;
        }
      }
      const before = this.pos;
      this.skipLine();
      if (this.pos === before) this.pos++;
    }
  }

  protected objectEntry(): CEntry | null {
    const k = this.tok;
    if (k.type !== 'ident' && !(k.type === 'string' && k.value !== undefined)) return null;
    const sep = this.peek();
    if (sep.type !== 'punct' || (sep.text !== '=' && sep.text !== ':')) return null;
    this.pos += 2;
    const value = this.value();
    return { key: k.type === 'string' ? (k.value as string) : k.text, labels: [], start: k.start, end: value.end, value };
  }

  protected listItemsStart(): void {
    // `[for x in xs : f(x)]` is computed: leave it to the expression fallback.
    if (this.tok.type === 'ident' && this.tok.text === 'for') this.pos = this.toks.length - 1;
  }
}

class BicepParser extends BlockParser {
  constructor(src: string) {
    super(src, false);
  }

  parse(): ConfigDoc {
    const entries: CEntry[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.tok.type === 'eof') break;
      const e = this.statement();
      if (e) entries.push(e);
      else {
        const before = this.pos;
        this.skipLine();
        if (this.pos === before) this.pos++;
      }
    }
    return { roots: [mapNode(entries, 0, this.src.length)] };
  }

  /** `resource name 'type@version' [existing] = value` (also module / var / param / output). */
  private statement(): CEntry | null {
    while (this.is('@')) {
      this.pos++;
      this.skipLine();
      this.skipNewlines();
    }
    const t = this.tok;
    if (t.type !== 'ident') return null;
    if (t.text === 'resource' || t.text === 'module') {
      const name = this.peek();
      const type = this.peek(2);
      if (name.type !== 'ident' || type.type !== 'string') return null;
      let k = 3;
      if (this.peek(k).type === 'ident' && this.peek(k).text === 'existing') k++;
      const eq = this.peek(k);
      if (eq.type !== 'punct' || eq.text !== '=') return null;
      this.pos += k + 1;
      const value = this.declValue();
      return { key: t.text, labels: [name.text, type.value ?? type.text], start: t.start, end: value.end, value };
    }
    if (t.text === 'var' || t.text === 'param' || t.text === 'output') {
      const name = this.peek();
      if (name.type !== 'ident') return null;
      let k = 2;
      while (this.peek(k).type !== 'eof' && this.peek(k).type !== 'newline' && !(this.peek(k).type === 'punct' && this.peek(k).text === '=')) k++;
      if (!(this.peek(k).type === 'punct' && this.peek(k).text === '=')) {
        this.pos += k;
        return { key: t.text, labels: [name.text], start: t.start, end: name.end, value: { kind: 'expr', start: name.end, end: name.end, text: '' } };
      }
      this.pos += k + 1;
      const value = this.value();
      return { key: t.text, labels: [name.text], start: t.start, end: value.end, value };
    }
    return null;
  }

  /** A resource body: an object, `if (cond) {...}`, or `[for x in xs: {...}]` (its body). */
  private declValue(): CNode {
    if (this.tok.type === 'ident' && this.tok.text === 'if' && this.peek().type === 'punct' && this.peek().text === '(') {
      this.pos++;
      this.skipBalanced();
    }
    if (this.is('[') && this.peek().type === 'ident' && this.peek().text === 'for') {
      const open = this.tok;
      while (this.tok.type !== 'eof' && !this.is(':')) {
        if (this.is('(')) this.skipBalanced();
        else this.pos++;
      }
      if (this.is(':')) this.pos++;
      this.skipNewlines();
      const body = this.declValue();
      this.skipNewlines();
      const close = this.tok;
      if (this.is(']')) this.pos++;
      return { kind: 'list', items: [body], start: open.start, end: close.end };
    }
    return this.value();
  }

  private skipBalanced(): void {
    let depth = 0;
    do {
      if (this.tok.type === 'punct' && '([{'.includes(this.tok.text)) depth++;
      else if (this.tok.type === 'punct' && ')]}'.includes(this.tok.text)) depth--;
      this.pos++;
    } while (depth > 0 && this.tok.type !== 'eof');
  }

  protected objectEntry(): CEntry | null {
    while (this.is('@')) {
      this.pos++;
      this.skipLine();
      this.skipNewlines();
    }
    const k = this.tok;
    if (k.type === 'ident' && k.text === 'resource' && this.peek().type === 'ident') return this.statement();
    if (k.type !== 'ident' && !(k.type === 'string' && k.value !== undefined)) return null;
    const sep = this.peek();
    if (sep.type !== 'punct' || sep.text !== ':') return null;
    this.pos += 2;
    const value = this.value();
    return { key: k.type === 'string' ? (k.value as string) : k.text, labels: [], start: k.start, end: value.end, value };
  }

  protected listItemsStart(): void {
    if (this.tok.type === 'ident' && this.tok.text === 'for') this.pos = this.toks.length - 1;
  }
}

export function parseHcl(text: string): ConfigDoc {
  return new HclParser(text).parse();
}

export function parseBicep(text: string): ConfigDoc {
  return new BicepParser(text).parse();
}
