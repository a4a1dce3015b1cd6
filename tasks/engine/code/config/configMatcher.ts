import type { CodePattern, ConfigCheck, ConfigLanguage } from '../../rules/codeRuleSpec';
import { PatternCompileError } from '../programMatcher';
import { isPlaceholder } from '../../secrets/placeholders';
import type { CNode, ConfigDoc } from './configTree';

/** A node reached by a path, with the key it sits under (for `$key`). */
interface Scoped {
  node: CNode;
  key?: string;
}

export interface Resource {
  /** Lower-case type without API version. */
  type: string;
  body: CNode;
}

interface CompiledCheck {
  path: string[];
  toPath?: string[];
  equals?: (string | number | boolean | null)[];
  matches?: RegExp;
  notMatches?: RegExp;
  contains?: (string | number | boolean | null)[];
  ports?: number[];
  absent?: boolean;
  present?: boolean;
  secretValue?: boolean;
}

export interface ConfigPattern {
  resources?: string[];
  each?: string[];
  where: CompiledCheck[];
  whereNot: CompiledCheck[];
  report?: string[];
}

function re(src: string | undefined, what: string): RegExp | undefined {
  if (src === undefined) return undefined;
  try {
    return new RegExp(src, 'i');
  } catch (e) {
    throw new PatternCompileError(`${what} is not a valid regular expression: ${(e as Error).message}`);
  }
}

function path(p: string): string[] {
  return p.split('.').filter((s) => s.length > 0);
}

function compileCheck(c: ConfigCheck, where: string): CompiledCheck {
  return {
    path: path(c.path),
    toPath: c.toPath ? path(c.toPath) : undefined,
    equals: c.equals === undefined ? undefined : Array.isArray(c.equals) ? c.equals : [c.equals],
    matches: re(c.matches, `${where}.matches`),
    notMatches: re(c.notMatches, `${where}.notMatches`),
    contains: c.contains,
    ports: c.ports,
    absent: c.absent,
    present: c.present,
    secretValue: c.secretValue,
  };
}

export function compileConfigPattern(p: CodePattern, where: string): ConfigPattern {
  const programKeys = (['call', 'new', 'assign', 'pair', 'ref', 'query', 'args', 'unless', 'value', 'textMatches', 'context', 'notInside', 'notBesideBranch', 'inFunction', 'unlessInFunction'] as const).filter((k) => p[k] !== undefined);
  if (programKeys.length) throw new PatternCompileError(`${where}: ${programKeys.join(', ')} apply to programming languages only`);
  if (!p.where?.length && !p.each) throw new PatternCompileError(`${where}: a configuration pattern needs "where" (or "each")`);
  return {
    resources: p.resource?.map((r) => r.toLowerCase().replace(/@.*$/, '')),
    each: p.each ? path(p.each) : undefined,
    where: (p.where ?? []).map((c, i) => compileCheck(c, `${where}.where[${i}]`)),
    whereNot: (p.whereNot ?? []).map((c, i) => compileCheck(c, `${where}.whereNot[${i}]`)),
    report: p.report ? path(p.report) : undefined,
  };
}

function children(s: Scoped): Scoped[] {
  const n = s.node;
  if (n.kind === 'map') return (n.entries ?? []).map((e) => ({ node: e.value, key: e.key }));
  if (n.kind === 'list') return (n.items ?? []).map((i) => ({ node: i, key: s.key }));
  return [];
}

function descendantsAndSelf(s: Scoped, out: Scoped[] = []): Scoped[] {
  out.push(s);
  for (const c of children(s)) descendantsAndSelf(c, out);
  return out;
}

/**
 * Nodes at `segs` from `from`; lists on the way are looked through (HCL blocks, ARM arrays).
 * `$` is the node itself, `$key` the key it sits under, `*` each child, `**` any depth.
 */
export function select(from: Scoped, segs: readonly string[]): Scoped[] {
  let cur: Scoped[] = [from];
  for (const seg of segs) {
    const next: Scoped[] = [];
    for (const s of cur) {
      if (seg === '$') next.push(s);
      else if (seg === '$key') {
        if (s.key !== undefined) next.push({ node: { kind: 'scalar', value: s.key, start: s.node.start, end: s.node.end, text: s.key }, key: s.key });
      } else if (seg === '*') next.push(...children(s));
      else if (seg === '**') next.push(...descendantsAndSelf(s));
      else {
        const lower = seg.toLowerCase();
        const maps = s.node.kind === 'list' ? (s.node.items ?? []).filter((i) => i.kind === 'map') : [s.node];
        for (const m of maps) for (const e of m.entries ?? []) if (e.key.toLowerCase() === lower) next.push({ node: e.value, key: e.key });
      }
    }
    cur = next;
  }
  return cur;
}

function scalarText(n: CNode): string | undefined {
  if (n.kind === 'scalar') return n.value === null ? '' : String(n.value);
  if (n.kind === 'expr') return n.text;
  return undefined;
}

function scalarEquals(n: CNode, expected: readonly (string | number | boolean | null)[]): boolean {
  if (n.kind !== 'scalar') return false;
  const v = n.value;
  return expected.some((e) => {
    if (typeof e === 'boolean') return v === e || (typeof v === 'string' && v.toLowerCase() === String(e));
    if (typeof e === 'string' && typeof v === 'string') return v.toLowerCase() === e.toLowerCase();
    if (typeof e === 'number') return v === e || (typeof v === 'string' && v.trim() === String(e));
    return v === e;
  });
}

/** Ports named by a spec: 22, "22", "20-25", "*", or a list of those. */
function portSpecIncludes(n: CNode, wanted: readonly number[]): boolean {
  if (n.kind === 'list') return (n.items ?? []).some((i) => portSpecIncludes(i, wanted));
  const t = scalarText(n)?.trim();
  if (t === undefined || n.kind !== 'scalar') return false;
  if (t === '*' || t.toLowerCase() === 'any') return true;
  const m = /^(\d+)\s*(?:-\s*(\d+))?$/.exec(t);
  if (!m) return false;
  const lo = Number(m[1]);
  const hi = m[2] ? Number(m[2]) : lo;
  return wanted.some((p) => p >= lo && p <= hi);
}

const PIPELINE_REFERENCE = /\$\(|\$\{\{|\$\[|^\s*$/;

function looksLikeSecretValue(n: CNode): boolean {
  if (n.kind !== 'scalar' || typeof n.value !== 'string') return false;
  const v = n.value.trim();
  if (v.length < 6 || /\s/.test(v) || PIPELINE_REFERENCE.test(v)) return false;
  if (/^(true|false|yes|no|null|none)$/i.test(v)) return false;
  return !isPlaceholder(v);
}

function nodeHolds(n: CNode, c: CompiledCheck, scope: Scoped): boolean {
  if (c.equals && !scalarEquals(n, c.equals)) return false;
  const text = scalarText(n);
  if (c.matches && (text === undefined || !c.matches.test(text))) return false;
  if (c.notMatches && text !== undefined && c.notMatches.test(text)) return false;
  if (c.contains) {
    const items = n.kind === 'list' ? n.items ?? [] : [n];
    if (!items.some((i) => scalarEquals(i, c.contains as (string | number | boolean | null)[]))) return false;
  }
  if (c.ports) {
    if (c.toPath) {
      const to = select(scope, c.toPath)[0]?.node;
      const lo = Number(scalarText(n));
      const hi = to ? Number(scalarText(to)) : lo;
      if (!Number.isFinite(lo) || !Number.isFinite(hi)) return false;
      // AWS uses 0-0 / -1 with protocol "-1" for "all ports".
      const all = lo <= 0 && (hi <= 0 || hi >= 65535);
      if (!all && !c.ports.some((p) => p >= lo && p <= hi)) return false;
    } else if (!portSpecIncludes(n, c.ports)) return false;
  }
  if (c.secretValue !== undefined && looksLikeSecretValue(n) !== c.secretValue) return false;
  return true;
}

/** Nodes that satisfy a check (exists semantics); for `absent`, the scope itself when nothing is there. */
function checkNodes(scope: Scoped, c: CompiledCheck): CNode[] | null {
  const found = select(scope, c.path);
  if (c.absent) return found.length === 0 ? [scope.node] : null;
  if (c.present && found.length === 0) return null;
  const ok = found.filter((f) => nodeHolds(f.node, c, scope));
  return ok.length ? ok.map((f) => f.node) : null;
}

function resourceTypeOf(body: CNode): string | undefined {
  const t = (body.entries ?? []).find((e) => e.key.toLowerCase() === 'type')?.value;
  return t?.kind === 'scalar' && typeof t.value === 'string' ? t.value : undefined;
}

function joinType(parent: string | undefined, child: string): string {
  const c = child.toLowerCase().replace(/@.*$/, '');
  // Child types written relative to their parent (`containers` under a blob service).
  if (parent && !/^[a-z0-9]+\.[a-z0-9.]+\//.test(c)) return `${parent}/${c}`;
  return c;
}

/** Resources declared in the document: Terraform blocks, Bicep declarations, ARM template entries. */
export function resourcesOf(doc: ConfigDoc, language: ConfigLanguage): Resource[] {
  const out: Resource[] = [];
  for (const root of doc.roots) {
    if (language === 'terraform') {
      for (const e of root.entries ?? []) if (e.key === 'resource' && e.labels[0]) out.push({ type: e.labels[0].toLowerCase(), body: e.value });
    } else if (language === 'bicep') {
      const walk = (n: CNode, parent: string | undefined): void => {
        for (const e of n.entries ?? []) {
          if (e.key !== 'resource' || e.labels.length < 2) continue;
          const type = joinType(parent, e.labels[1]);
          for (const body of e.value.kind === 'list' ? e.value.items ?? [] : [e.value]) {
            if (body.kind !== 'map') continue;
            out.push({ type, body });
            walk(body, type);
          }
        }
      };
      walk(root, undefined);
    } else {
      const walk = (n: CNode, parent: string | undefined): void => {
        if (n.kind === 'map') {
          for (const e of n.entries ?? []) {
            if (e.key.toLowerCase() === 'resources' && e.value.kind === 'list') {
              for (const item of e.value.items ?? []) {
                const t = item.kind === 'map' ? resourceTypeOf(item) : undefined;
                if (t) {
                  const type = joinType(parent, t);
                  out.push({ type, body: item });
                  walk(item, type);
                }
              }
            } else walk(e.value, parent);
          }
        } else if (n.kind === 'list') for (const i of n.items ?? []) walk(i, parent);
      };
      walk(root, undefined);
    }
  }
  return out;
}

export interface ConfigHit {
  start: number;
  end: number;
  /** Secret-looking values the match relied on: masked in the preview. */
  secrets: string[];
}

/** Where a pattern matches in one document. */
export function matchConfig(p: ConfigPattern, doc: ConfigDoc, resources: () => Resource[]): ConfigHit[] {
  const bases: Scoped[] = p.resources ? resources().filter((r) => p.resources?.includes(r.type)).map((r) => ({ node: r.body })) : doc.roots.map((r) => ({ node: r }));
  const hits: ConfigHit[] = [];
  for (const base of bases) {
    const scopes = p.each ? select(base, p.each) : [base];
    for (const scope of scopes) {
      let first: CNode | undefined;
      let ok = true;
      const secrets: string[] = [];
      for (const c of p.where) {
        const nodes = checkNodes(scope, c);
        if (!nodes) {
          ok = false;
          break;
        }
        first ??= nodes[0];
        if (c.secretValue) for (const n of nodes) if (typeof n.value === 'string') secrets.push(n.value);
      }
      if (!ok) continue;
      if (p.whereNot.some((c) => checkNodes(scope, c) !== null)) continue;
      const reported = (p.report ? select(scope, p.report)[0]?.node : undefined) ?? first ?? scope.node;
      hits.push({ start: reported.start, end: reported.end, secrets });
    }
  }
  return hits;
}
