import type { Severity } from '../contract/findings';
import { shannonEntropy } from './entropy';
import { KeywordIndex } from './keywordIndex';
import { isGenericNonSecret, isPlaceholder } from './placeholders';
import type { SecretRuleSpec } from './ruleSpec';

export interface CompiledSecretRule {
  spec: SecretRuleSpec;
  regex: RegExp;
  allow: RegExp[];
  stopwords: string[];
  severity: Severity;
}

/** A raw hit inside one text; offsets are string indexes of the secret itself. */
export interface SecretHit {
  rule: CompiledSecretRule;
  start: number;
  end: number;
  secret: string;
}

export class RuleCompileError extends Error {}

/**
 * Load-time checks beyond syntax (run when a rule file is validated, not on every scan: they
 * force the regex engine to compile the pattern, which costs more than the scan of a small tree).
 */
export function checkSecretRule(spec: SecretRuleSpec): void {
  const { regex } = compileSecretRule(spec);
  if (regex.test('')) throw new RuleCompileError('pattern matches the empty string');
}

export function compileSecretRule(spec: SecretRuleSpec, severity: Severity = spec.severity): CompiledSecretRule {
  const flags = 'dg' + (spec.flags ?? '');
  let regex: RegExp;
  try {
    regex = new RegExp(spec.pattern, flags);
  } catch (e) {
    throw new RuleCompileError(`pattern is not a valid regular expression: ${(e as Error).message}`);
  }
  const allow: RegExp[] = [];
  for (const p of spec.allowlist?.patterns ?? []) {
    try {
      allow.push(new RegExp(p));
    } catch (e) {
      throw new RuleCompileError(`allowlist pattern "${p}" is not a valid regular expression: ${(e as Error).message}`);
    }
  }
  return {
    spec,
    regex,
    allow,
    stopwords: (spec.allowlist?.stopwords ?? []).map((s) => s.toLowerCase()),
    severity,
  };
}

/**
 * All secret rules of a scan behind one keyword automaton: a file costs one pass of the
 * automaton plus the regexes of the rules whose keywords it contains.
 */
export class SecretDetector {
  private readonly index: KeywordIndex;
  /** keyword id -> indexes of the rules that list it. */
  private readonly rulesByKeyword: number[][];

  constructor(readonly rules: readonly CompiledSecretRule[]) {
    const all: string[] = [];
    for (const r of rules) for (const k of r.spec.keywords) all.push(k.toLowerCase());
    this.index = new KeywordIndex(all);
    const kwId = new Map(this.index.keywords.map((k, i) => [k, i]));
    this.rulesByKeyword = this.index.keywords.map(() => []);
    rules.forEach((r, ri) => {
      for (const k of new Set(r.spec.keywords.map((x) => x.toLowerCase()))) this.rulesByKeyword[kwId.get(k)!].push(ri);
    });
  }

  detect(text: string): SecretHit[] {
    const kws = this.index.find(text);
    if (kws.size === 0) return [];
    const candidates = new Set<number>();
    for (const k of kws) for (const ri of this.rulesByKeyword[k]) candidates.add(ri);
    const hits: SecretHit[] = [];
    for (const ri of [...candidates].sort((a, b) => a - b)) runRule(this.rules[ri], text, hits);
    return resolveOverlaps(hits);
  }
}

function runRule(rule: CompiledSecretRule, text: string, out: SecretHit[]): void {
  const re = rule.regex;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const span = m.indices?.groups?.secret ?? m.indices?.[0];
    const secret = m.groups?.secret ?? m[0];
    if (!span || secret === undefined) continue;
    if (accept(rule, secret)) out.push({ rule, start: span[0], end: span[1], secret });
  }
}

function accept(rule: CompiledSecretRule, secret: string): boolean {
  const spec = rule.spec;
  if (spec.entropy !== undefined && shannonEntropy(secret) < spec.entropy) return false;
  if (spec.generic ? isGenericNonSecret(secret) : isPlaceholder(secret)) return false;
  for (const a of rule.allow) if (a.test(secret)) return false;
  if (rule.stopwords.length) {
    const lower = secret.toLowerCase();
    for (const w of rule.stopwords) if (lower.includes(w)) return false;
  }
  return true;
}

/**
 * One secret, one finding: a generic hit gives way to any other hit that overlaps it, and of
 * several specific hits on the same span the first rule (in rule order) wins.
 */
function resolveOverlaps(hits: SecretHit[]): SecretHit[] {
  if (hits.length < 2) return hits;
  hits.sort((a, b) => a.start - b.start || Number(!!a.rule.spec.generic) - Number(!!b.rule.spec.generic));
  const kept: SecretHit[] = [];
  for (const h of hits) {
    const clash = kept.find((k) => k.start < h.end && h.start < k.end);
    if (!clash) {
      kept.push(h);
      continue;
    }
    const hGeneric = !!h.rule.spec.generic;
    const cGeneric = !!clash.rule.spec.generic;
    if (hGeneric) continue;
    if (cGeneric) {
      kept.splice(kept.indexOf(clash), 1, h);
      continue;
    }
    if (clash.start === h.start && clash.end === h.end) continue;
    kept.push(h);
  }
  return kept;
}
