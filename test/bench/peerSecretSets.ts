/**
 * Builds two third-party labelled secret sets, in the jsonl form accuracy.ts reads (`rule`,
 * `text`, `expected`, `source`, `path`), from local checkouts of their public repositories:
 *
 *   node out/test/bench/peerSecretSets.js --kingfisher DIR --trufflehog DIR --out /tmp/peersets
 *
 *  - kingfisher (mongodb/kingfisher): every rule file's `examples` (expected true) and
 *    `negative_examples` (false), from data/rules/*.yml;
 *  - TruffleHog (trufflesecurity/trufflehog): every case of every `Test*_Pattern` function in
 *    pkg/detectors/**\/*_test.go: its `input`, true when its `want` lists a match, false when
 *    `want` is empty. Inputs are Go expressions; the simple forms are evaluated (string and raw
 *    literals, `+`, `fmt.Sprintf` with %s/%v/%d/%q, `strings.Repeat`, constants and variables
 *    bound once in the file). A case that uses anything else is skipped and counted, never
 *    guessed: a wrong text would score the detector on something the label does not describe.
 *
 * Each set is split into a dev half (worked from) and a test half (scored once, at the end) by
 * rule file / detector: the first hex digit of the sha1 of a kingfisher rule file's basename, or
 * of a TruffleHog detector's name (its test file's basename without `_test.go`), < 8 is dev.
 * Splitting by file keeps a vendor's positives and look-alikes on the same side, and the name
 * keeps a detector's versions (v1/, v2/) together.
 *
 * Writes kf-dev.jsonl, kf-test.jsonl, th-dev.jsonl and th-test.jsonl; neither set is kept in
 * this repository (licences), only this recipe.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { BenchRow } from './accuracy';

export type Half = 'dev' | 'test';

/**
 * The half a rule file or detector belongs to: the first hex digit of the sha1 of its key, < 8 =
 * dev. The key is a kingfisher rule file's basename (`github.yml`) and a TruffleHog detector's
 * name, its test file's basename without `_test.go` (`github`, so v1/ and v2/ stay together);
 * these are the halves earlier sessions worked from.
 */
export function halfOf(key: string): Half {
  const digit = createHash('sha1').update(key).digest('hex')[0];
  return parseInt(digit, 16) < 8 ? 'dev' : 'test';
}

// ---------------------------------------------------------------------------------------------
// kingfisher

/** The labelled examples of one kingfisher rule file (YAML text). */
export function kingfisherRows(yamlText: string, path: string): BenchRow[] {
  const doc = parseYaml(yamlText) as { rules?: unknown } | null;
  const rules = Array.isArray(doc?.rules) ? (doc.rules as Record<string, unknown>[]) : [];
  const rule = basename(path).replace(/\.ya?ml$/, '');
  const rows: BenchRow[] = [];
  for (const r of rules) {
    for (const [field, expected] of [['examples', true], ['negative_examples', false]] as const) {
      const list = r?.[field];
      if (!Array.isArray(list)) continue;
      for (const text of list) if (typeof text === 'string' && text.trim() !== '') rows.push({ rule, text, expected, source: 'kingfisher', path });
    }
  }
  return dedupe(rows);
}

// ---------------------------------------------------------------------------------------------
// Go: tokens

export type TokKind = 'ident' | 'string' | 'number' | 'char' | 'punct' | 'newline';
export interface Tok {
  kind: TokKind;
  /** Identifier or punctuation text; a string literal's evaluated value; a number's digits. */
  value: string;
}

const GO_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"' };

/** The value of an interpreted Go string literal's body (between the quotes). */
export function unquoteGo(body: string): string {
  let out = '';
  const bytes: number[] = [];
  const flush = (): void => {
    if (bytes.length) out += Buffer.from(bytes).toString('utf8');
    bytes.length = 0;
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      flush();
      out += c;
      continue;
    }
    const e = body[++i];
    if (e in GO_ESCAPES) {
      flush();
      out += GO_ESCAPES[e];
    } else if (e === 'x') {
      // \xNN and octal escapes are bytes (a multi-byte UTF-8 sequence may be spelt byte by byte).
      bytes.push(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (e >= '0' && e <= '7') {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else if (e === 'u' || e === 'U') {
      flush();
      const n = e === 'u' ? 4 : 8;
      out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 1 + n), 16));
      i += n;
    } else {
      throw new Error(`unknown escape \\${e}`);
    }
  }
  flush();
  return out;
}

/** Go source as tokens; comments dropped, newlines kept (they end statements). */
export function tokenizeGo(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '\n') {
      toks.push({ kind: 'newline', value: '\n' });
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (src.startsWith('//', i)) {
      const end = src.indexOf('\n', i);
      i = end < 0 ? src.length : end;
    } else if (src.startsWith('/*', i)) {
      const end = src.indexOf('*/', i + 2);
      // A block comment spanning lines ends a statement as a newline would.
      if (src.slice(i, end).includes('\n')) toks.push({ kind: 'newline', value: '\n' });
      i = end < 0 ? src.length : end + 2;
    } else if (c === '`') {
      const end = src.indexOf('`', i + 1);
      if (end < 0) throw new Error('unterminated raw string');
      toks.push({ kind: 'string', value: src.slice(i + 1, end).replace(/\r/g, '') });
      i = end + 1;
    } else if (c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') {
        if (src[j] === '\n') throw new Error('newline in string');
        j += src[j] === '\\' ? 2 : 1;
      }
      toks.push({ kind: 'string', value: unquoteGo(src.slice(i + 1, j)) });
      i = j + 1;
    } else if (c === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== "'") j += src[j] === '\\' ? 2 : 1;
      toks.push({ kind: 'char', value: src.slice(i + 1, j) });
      i = j + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_0-9]+/.exec(src.slice(i, i + 200))![0];
      toks.push({ kind: 'ident', value: m });
      i += m.length;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9][0-9A-Za-z_.]*/.exec(src.slice(i, i + 100))![0];
      toks.push({ kind: 'number', value: m });
      i += m.length;
    } else {
      const p = [':=', '...', '==', '!=', '&&', '||', '<-', '++', '--', '+=', '<=', '>='].find((op) => src.startsWith(op, i)) ?? c;
      toks.push({ kind: 'punct', value: p });
      i += p.length;
    }
  }
  return toks;
}

// ---------------------------------------------------------------------------------------------
// Go: the simple expressions test inputs are built from

/** Why a case could not be evaluated (the case is skipped and the reason counted). */
export class Unevaluable extends Error {}

type Value = string | number;

/** Names bound to an expression (a `const`, `var` or `:=` with one name on the left). */
export type Bindings = Map<string, { toks: Tok[]; start: number }[]>;

/**
 * Every single-name binding in a token range: `const X = e`, `var X [T] = e`, `X := e`, and the
 * lines of `const ( ... )` / `var ( ... )` blocks. A name bound more than once in the same range
 * with different text is ambiguous and is not evaluated.
 */
export function collectBindings(toks: Tok[], from = 0, to = toks.length): Bindings {
  const b: Bindings = new Map();
  const add = (name: string, start: number): void => {
    const list = b.get(name) ?? [];
    list.push({ toks, start });
    b.set(name, list);
  };
  // A bound expression starts after '=' (or ':='), optionally after a type name.
  const afterDeclName = (j: number): number => {
    let k = j + 1;
    while (k < to && (toks[k].kind === 'ident' || (toks[k].kind === 'punct' && ['.', '[', ']', '*'].includes(toks[k].value)))) k++;
    return toks[k]?.kind === 'punct' && toks[k].value === '=' ? k + 1 : -1;
  };
  for (let i = from; i < to; i++) {
    const t = toks[i];
    if (t.kind === 'ident' && (t.value === 'const' || t.value === 'var')) {
      const next = toks[i + 1];
      if (next?.kind === 'punct' && next.value === '(') {
        let depth = 0;
        let j = i + 1;
        for (; j < to; j++) {
          const u = toks[j];
          if (u.kind === 'punct' && (u.value === '(' || u.value === '{' || u.value === '[')) depth++;
          else if (u.kind === 'punct' && (u.value === ')' || u.value === '}' || u.value === ']')) {
            if (--depth === 0) break;
          } else if (depth === 1 && u.kind === 'ident' && (j === i + 2 || toks[j - 1].kind === 'newline' || toks[j - 1].value === ';')) {
            const s = afterDeclName(j);
            if (s > 0) add(u.value, s);
          }
        }
        i = j;
      } else if (next?.kind === 'ident') {
        const s = afterDeclName(i + 1);
        if (s > 0) add(next.value, s);
      }
    } else if (t.kind === 'ident' && toks[i + 1]?.kind === 'punct' && toks[i + 1].value === ':=') {
      // Only `x := e` with one name (the previous token starts the statement).
      const prev = toks[i - 1];
      if (!prev || prev.kind === 'newline' || (prev.kind === 'punct' && (prev.value === '{' || prev.value === ';'))) add(t.value, i + 2);
    }
  }
  return b;
}

/** Evaluates the simple expression starting at `start`; `end` is the index after it. */
export class GoEvaluator {
  private readonly visiting = new Set<string>();

  /** `scopes` are searched in order (the test function's own bindings, then the file's). */
  constructor(private readonly scopes: Bindings[]) {}

  evaluate(toks: Tok[], start: number): { value: Value; end: number } {
    const st = { toks, i: start, parens: 0 };
    const value = this.sum(st);
    return { value, end: st.i };
  }

  private lookup(name: string): Value {
    for (const scope of this.scopes) {
      const list = scope.get(name);
      if (!list) continue;
      if (this.visiting.has(name)) throw new Unevaluable(`${name} refers to itself`);
      const texts = new Set(list.map((d) => this.span(d.toks, d.start)));
      if (texts.size > 1) throw new Unevaluable(`${name} is bound more than once`);
      this.visiting.add(name);
      try {
        return this.evaluate(list[0].toks, list[0].start).value;
      } finally {
        this.visiting.delete(name);
      }
    }
    throw new Unevaluable(`unknown name ${name}`);
  }

  /** The source-ish text of a bound expression, to tell identical re-bindings from different ones. */
  private span(toks: Tok[], start: number): string {
    try {
      const st = { toks, i: start, parens: 0 };
      const probe = new GoEvaluator([]);
      probe.skipExpr(st);
      return JSON.stringify(toks.slice(start, st.i));
    } catch {
      return `@${start}`;
    }
  }

  /** Walks over an expression without evaluating it (to find where it ends). */
  private skipExpr(st: { toks: Tok[]; i: number; parens: number }): void {
    let depth = 0;
    for (; st.i < st.toks.length; st.i++) {
      const t = st.toks[st.i];
      if (t.kind === 'punct' && ['(', '{', '['].includes(t.value)) depth++;
      else if (t.kind === 'punct' && [')', '}', ']'].includes(t.value)) {
        if (depth === 0) return;
        depth--;
      } else if (depth === 0 && (t.kind === 'newline' || (t.kind === 'punct' && (t.value === ',' || t.value === ';')))) {
        const prev = st.toks[st.i - 1];
        if (t.kind === 'newline' && prev?.kind === 'punct' && ['+', '(', ','].includes(prev.value)) continue;
        return;
      }
    }
  }

  private peek(st: { toks: Tok[]; i: number; parens: number }): Tok | undefined {
    // Newlines inside parentheses, or after an operator, do not end the expression.
    while (st.toks[st.i]?.kind === 'newline' && st.parens > 0) st.i++;
    return st.toks[st.i];
  }

  private expect(st: { toks: Tok[]; i: number; parens: number }, p: string): void {
    const t = this.peek(st);
    if (t?.kind !== 'punct' || t.value !== p) throw new Unevaluable(`expected ${p}, found ${t?.value ?? 'end'}`);
    st.i++;
  }

  private sum(st: { toks: Tok[]; i: number; parens: number }): Value {
    let v = this.term(st);
    for (;;) {
      const t = this.peek(st);
      if (t?.kind !== 'punct' || t.value !== '+') break;
      st.i++;
      while (st.toks[st.i]?.kind === 'newline') st.i++;
      const w = this.term(st);
      if (typeof v === 'string' && typeof w === 'string') v = v + w;
      else if (typeof v === 'number' && typeof w === 'number') v = v + w;
      else throw new Unevaluable('+ of a string and a number');
    }
    const t = this.peek(st);
    if (t && t.kind === 'punct' && ![',', ')', '}', ';'].includes(t.value)) throw new Unevaluable(`operator ${t.value}`);
    if (t && t.kind !== 'punct' && t.kind !== 'newline') throw new Unevaluable(`unexpected ${t.value}`);
    return v;
  }

  private args(st: { toks: Tok[]; i: number; parens: number }): Value[] {
    this.expect(st, '(');
    st.parens++;
    const out: Value[] = [];
    for (;;) {
      const t = this.peek(st);
      if (t?.kind === 'punct' && t.value === ')') break;
      out.push(this.sum(st));
      const u = this.peek(st);
      if (u?.kind === 'punct' && u.value === ',') st.i++;
      else if (u?.kind === 'punct' && u.value === '...') throw new Unevaluable('variadic argument');
    }
    st.parens--;
    st.i++;
    return out;
  }

  private term(st: { toks: Tok[]; i: number; parens: number }): Value {
    const t = this.peek(st);
    if (!t) throw new Unevaluable('expression ends early');
    if (t.kind === 'string') {
      st.i++;
      return t.value;
    }
    if (t.kind === 'number') {
      st.i++;
      if (!/^[0-9]+$/.test(t.value)) throw new Unevaluable(`number ${t.value}`);
      return Number(t.value);
    }
    if (t.kind === 'punct' && t.value === '(') {
      st.i++;
      st.parens++;
      const v = this.sum(st);
      st.parens--;
      this.expect(st, ')');
      return v;
    }
    if (t.kind !== 'ident') throw new Unevaluable(`unexpected ${t.value}`);
    st.i++;
    const next = st.toks[st.i];
    if (next?.kind === 'punct' && next.value === '.') {
      const member = st.toks[st.i + 1];
      if (member?.kind !== 'ident') throw new Unevaluable('selector');
      st.i += 2;
      const call = `${t.value}.${member.value}`;
      if (call === 'fmt.Sprintf') return sprintf(this.args(st));
      if (call === 'strings.Repeat') {
        const a = this.args(st);
        if (a.length !== 2 || typeof a[0] !== 'string' || typeof a[1] !== 'number') throw new Unevaluable('strings.Repeat arguments');
        return a[0].repeat(a[1]);
      }
      throw new Unevaluable(`call ${call}`);
    }
    if (next?.kind === 'punct' && next.value === '(') {
      // string(x) of a string is the string; any other call is not evaluated.
      if (t.value === 'string') {
        const a = this.args(st);
        if (a.length === 1 && typeof a[0] === 'string') return a[0];
      }
      throw new Unevaluable(`call ${t.value}`);
    }
    return this.lookup(t.value);
  }
}

/** fmt.Sprintf for the verbs test inputs use (%s, %v, %d, %q, %%); anything else is not evaluated. */
export function sprintf(args: Value[]): string {
  const [format, ...rest] = args;
  if (typeof format !== 'string') throw new Unevaluable('Sprintf format is not a string');
  let n = 0;
  const out = format.replace(/%([-+# 0]*\d*(?:\.\d+)?)?([a-zA-Z%])/g, (whole, flags: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    if (flags) throw new Unevaluable(`Sprintf ${whole}`);
    if (n >= rest.length) throw new Unevaluable('Sprintf lacks an argument');
    const a = rest[n++];
    if (verb === 's' || verb === 'v') return String(a);
    if (verb === 'd' && typeof a === 'number') return String(a);
    if (verb === 'q' && typeof a === 'string') return JSON.stringify(a);
    throw new Unevaluable(`Sprintf ${whole} of ${typeof a}`);
  });
  if (n !== rest.length) throw new Unevaluable('Sprintf has extra arguments');
  return out;
}

// ---------------------------------------------------------------------------------------------
// TruffleHog pattern tests

export interface GoCaseResult {
  rows: BenchRow[];
  /** Cases that were not evaluated, with the reason. */
  skipped: { name: string; reason: string }[];
  /** Number of Test*_Pattern functions found. */
  functions: number;
}

/** Index of the token closing the bracket opened at `open`. */
function closing(toks: Tok[], open: number): number {
  let depth = 0;
  for (let i = open; i < toks.length; i++) {
    const t = toks[i];
    if (t.kind !== 'punct') continue;
    if (t.value === '{' || t.value === '(' || t.value === '[') depth++;
    else if (t.value === '}' || t.value === ')' || t.value === ']') if (--depth === 0) return i;
  }
  return toks.length - 1;
}

/**
 * Whether an expectation lists a match (true), nothing (false), or is not plain (undefined):
 * `nil`, `[]string{}` / `[][]string{}` / `[]string(nil)`, a non-empty literal, a count, or a
 * name bound to one of those.
 */
function expectsMatch(toks: Tok[], start: number, scopes: Bindings[], depth = 0): boolean | undefined {
  const t = toks[start];
  const after = toks[start + 1];
  const ends = !after || after.kind === 'newline' || (after.kind === 'punct' && (after.value === ',' || after.value === '}'));
  if (t?.kind === 'ident' && t.value === 'nil' && ends) return false;
  if (t?.kind === 'number' && /^[0-9]+$/.test(t.value) && ends) return Number(t.value) > 0;
  if (t?.kind === 'ident' && ends && depth < 4) {
    for (const scope of scopes) {
      const list = scope.get(t.value);
      if (!list) continue;
      const verdicts = new Set(list.map((d) => expectsMatch(d.toks, d.start, scopes, depth + 1)));
      return verdicts.size === 1 ? [...verdicts][0] : undefined;
    }
    return undefined;
  }
  if (t?.kind === 'punct' && t.value === '[' && after?.value === ']') {
    let k = start + 2;
    while (toks[k] && (toks[k].kind === 'ident' || ['.', '[', ']', '*'].includes(toks[k].value))) k++;
    if (toks[k]?.value === '(' && toks[k + 1]?.value === 'nil') return false;
    if (toks[k]?.value !== '{') return undefined;
    let j = k + 1;
    while (toks[j]?.kind === 'newline') j++;
    return !(toks[j]?.kind === 'punct' && toks[j].value === '}');
  }
  return undefined;
}

/** The fields a case's expectation may be given in: matches (`want`, `expectedPairs`) or a count. */
const EXPECT_FIELDS = ['want', 'expectedPairs', 'wantCount'];

/** The labelled cases of one TruffleHog detector test file (Go source). */
export function trufflehogRows(goSrc: string, path: string): GoCaseResult {
  const toks = tokenizeGo(goSrc);
  const rule = basename(path).replace(/_test\.go$/, '');
  const fileScope = collectBindings(toks);
  const rows: BenchRow[] = [];
  const skipped: GoCaseResult['skipped'] = [];
  let functions = 0;
  for (let i = 0; i < toks.length; i++) {
    if (!(toks[i].kind === 'ident' && toks[i].value === 'func' && toks[i + 1]?.kind === 'ident' && /^Test\w*_Pattern\w*$/.test(toks[i + 1].value))) continue;
    functions++;
    let bodyOpen = i + 2;
    while (bodyOpen < toks.length && !(toks[bodyOpen].kind === 'punct' && toks[bodyOpen].value === '{')) bodyOpen++;
    const bodyClose = closing(toks, bodyOpen);
    const scopes = [collectBindings(toks, bodyOpen + 1, bodyClose), fileScope];
    const evaluator = new GoEvaluator(scopes);
    // The expectation field the case struct declares (`want []string`): a case that leaves it
    // out has Go's zero value, nil, i.e. expects no match.
    let declared: string | undefined;
    for (let j = bodyOpen + 1; j < bodyClose && !declared; j++) {
      const t = toks[j];
      const prev = toks[j - 1];
      if (t.kind === 'ident' && EXPECT_FIELDS.includes(t.value) && (prev?.kind === 'newline' || prev?.value === '{' || prev?.value === ';') && (toks[j + 1]?.value === '[' || toks[j + 1]?.value === 'int')) declared = t.value;
    }
    // Each composite literal element ({ name: ..., input: ..., want: ... }) is a case: its keys
    // are read at its own brace depth, so nested literals (want's own braces) do not count.
    const stack: number[] = [];
    const cases = new Map<number, Map<string, number>>();
    for (let j = bodyOpen + 1; j < bodyClose; j++) {
      const t = toks[j];
      if (t.kind === 'punct' && t.value === '{') stack.push(j);
      else if (t.kind === 'punct' && t.value === '}') stack.pop();
      else if (t.kind === 'ident' && (t.value === 'name' || t.value === 'input' || EXPECT_FIELDS.includes(t.value)) && toks[j + 1]?.kind === 'punct' && toks[j + 1].value === ':' && stack.length > 0) {
        // A key starts an element: the token before it (newlines aside) opens the literal or ends a field.
        let p = j - 1;
        while (toks[p]?.kind === 'newline') p--;
        if (!(toks[p]?.kind === 'punct' && (toks[p].value === '{' || toks[p].value === ','))) continue;
        const top = stack[stack.length - 1];
        const keys = cases.get(top) ?? new Map<string, number>();
        keys.set(t.value, j + 2);
        cases.set(top, keys);
      }
    }
    for (const keys of cases.values()) {
      const inputAt = keys.get('input');
      if (inputAt === undefined) continue;
      let name = '?';
      const nameAt = keys.get('name');
      if (nameAt !== undefined) {
        try {
          name = String(evaluator.evaluate(toks, nameAt).value);
        } catch {
          /* the name is only a label for skip reports */
        }
      }
      const field = declared ?? EXPECT_FIELDS.find((f) => keys.has(f));
      const wantAt = field === undefined ? undefined : keys.get(field);
      const expected = field === undefined ? undefined : wantAt === undefined ? false : expectsMatch(toks, wantAt, scopes);
      if (expected === undefined) {
        skipped.push({ name: `${path}: ${name}`, reason: field === undefined ? 'no expectation field' : `${field} is not a plain list or count` });
        continue;
      }
      try {
        const v = evaluator.evaluate(toks, inputAt).value;
        if (typeof v !== 'string') throw new Unevaluable('input is not a string');
        if (v.trim() === '') throw new Unevaluable('input is empty');
        rows.push({ rule, text: v, expected, source: 'trufflehog', path });
      } catch (e) {
        if (!(e instanceof Unevaluable)) throw e;
        skipped.push({ name: `${path}: ${name}`, reason: e.message });
      }
    }
  }
  return { rows: dedupe(rows), skipped, functions };
}

/** Identical rows of one file (same text and label) count once. */
function dedupe(rows: BenchRow[]): BenchRow[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = `${r.expected}\u0000${r.text}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// Building the sets

function walk(dir: string, keep: (p: string) => boolean, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, keep, out);
    else if (e.isFile() && keep(p)) out.push(p);
  }
  return out;
}

export interface SetSummary {
  files: number;
  rows: Record<Half, { positives: number; negatives: number }>;
  skipped: { name: string; reason: string }[];
  functions?: number;
  byHalf: Record<Half, BenchRow[]>;
}

function summarise(perFile: { key: string; rows: BenchRow[] }[]): Omit<SetSummary, 'skipped'> {
  const byHalf: Record<Half, BenchRow[]> = { dev: [], test: [] };
  for (const { key, rows } of perFile) byHalf[halfOf(key)].push(...rows);
  const count = (rs: BenchRow[]) => ({ positives: rs.filter((r) => r.expected).length, negatives: rs.filter((r) => !r.expected).length });
  return { files: perFile.filter((f) => f.rows.length > 0).length, rows: { dev: count(byHalf.dev), test: count(byHalf.test) }, byHalf };
}

/** kingfisher's examples from a checkout (its data/rules folder). */
export function buildKingfisher(root: string): SetSummary {
  const dir = join(root, 'data', 'rules');
  const files = existsSync(dir) && statSync(dir).isDirectory() ? walk(dir, (p) => /\.ya?ml$/.test(p)) : [];
  if (files.length === 0) throw new UsageError(`--kingfisher ${root}: not a kingfisher checkout (no data/rules/*.yml)`);
  const skipped: SetSummary['skipped'] = [];
  const perFile = files.map((f) => {
    const path = relative(root, f);
    try {
      return { key: basename(f), rows: kingfisherRows(readFileSync(f, 'utf8'), path) };
    } catch (e) {
      skipped.push({ name: path, reason: `not readable YAML (${(e as Error).message.split('\n')[0]})` });
      return { key: basename(f), rows: [] };
    }
  });
  return { ...summarise(perFile), skipped };
}

/** TruffleHog's detector pattern tests from a checkout (its pkg/detectors folder). */
export function buildTrufflehog(root: string): SetSummary {
  const dir = join(root, 'pkg', 'detectors');
  const files = existsSync(dir) && statSync(dir).isDirectory() ? walk(dir, (p) => p.endsWith('_test.go')) : [];
  if (files.length === 0) throw new UsageError(`--trufflehog ${root}: not a TruffleHog checkout (no pkg/detectors/**/*_test.go)`);
  const skipped: SetSummary['skipped'] = [];
  let functions = 0;
  const perFile: { key: string; rows: BenchRow[] }[] = [];
  for (const f of files) {
    const src = readFileSync(f, 'utf8');
    if (!/func Test\w*_Pattern/.test(src)) continue;
    const path = relative(root, f);
    try {
      const r = trufflehogRows(src, path);
      functions += r.functions;
      skipped.push(...r.skipped);
      perFile.push({ key: basename(f).replace(/_test\.go$/, ''), rows: r.rows });
    } catch (e) {
      skipped.push({ name: path, reason: `not tokenised (${(e as Error).message})` });
    }
  }
  return { ...summarise(perFile), skipped, functions };
}

export class UsageError extends Error {}

function option(argv: readonly string[], name: string): string {
  const i = argv.indexOf(name);
  const v = i >= 0 ? argv[i + 1] : undefined;
  if (!v || v.startsWith('--')) throw new UsageError(`${name} DIR is required (a checkout folder)`);
  if (name !== '--out' && !(existsSync(v) && statSync(v).isDirectory())) throw new UsageError(`${name} ${v}: no such folder`);
  return v;
}

function writeJsonl(file: string, rows: BenchRow[]): void {
  writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : ''));
}

export function main(argv: readonly string[]): number {
  const kf = option(argv, '--kingfisher');
  const th = option(argv, '--trufflehog');
  const out = option(argv, '--out');
  const k = buildKingfisher(kf);
  const t = buildTrufflehog(th);
  mkdirSync(out, { recursive: true });
  for (const [prefix, s] of [['kf', k], ['th', t]] as const) {
    for (const half of ['dev', 'test'] as const) writeJsonl(join(out, `${prefix}-${half}.jsonl`), s.byHalf[half]);
  }
  const line = (label: string, s: SetSummary, unit: string): string =>
    `${label}: ${s.files} ${unit}; dev ${s.rows.dev.positives + s.rows.dev.negatives} rows (${s.rows.dev.positives} / ${s.rows.dev.negatives}), ` +
    `test ${s.rows.test.positives + s.rows.test.negatives} rows (${s.rows.test.positives} / ${s.rows.test.negatives}); ${s.skipped.length} skipped\n`;
  for (const s of k.skipped) process.stdout.write(`skipped kingfisher ${s.name}: ${s.reason}\n`);
  for (const s of t.skipped) process.stdout.write(`skipped trufflehog ${s.name}: ${s.reason}\n`);
  process.stdout.write(line('kingfisher', k, 'rule files with examples'));
  process.stdout.write(line('TruffleHog', t, `detector test files (${t.functions} Test*_Pattern functions)`));
  process.stdout.write(`rows are (positives / negatives); written to ${out}/{kf,th}-{dev,test}.jsonl\n`);
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`peerSecretSets: ${e.message}\n` + 'usage: node out/test/bench/peerSecretSets.js --kingfisher DIR --trufflehog DIR --out DIR\n');
    process.exitCode = 2;
  }
}
