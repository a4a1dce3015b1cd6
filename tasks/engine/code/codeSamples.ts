import { isProgramLanguage, type CodeRuleSpec, type CodeSample } from '../rules/codeRuleSpec';
import type { CodeRuleSet } from './codeRules';
import { grammarOf, languageOfPath, sampleFileName, type GrammarName } from './languages';

/** The file name and text a sample is scanned as. */
export function sampleFile(spec: CodeRuleSpec, s: CodeSample): { file: string; code: string } {
  if (typeof s === 'string') return { file: sampleFileName(spec.languages[0]), code: s };
  return { file: s.file ?? sampleFileName(s.language ?? spec.languages[0]), code: s.code };
}

/** Grammars needed to check a rule's samples. */
export function sampleGrammars(spec: CodeRuleSpec): GrammarName[] {
  const out = new Set<GrammarName>();
  for (const s of [...spec.samples.positive, ...spec.samples.negative]) {
    const { file } = sampleFile(spec, s);
    const l = languageOfPath(file);
    if (l && isProgramLanguage(l)) out.add(grammarOf(l, file));
  }
  return [...out];
}

function show(s: CodeSample): string {
  const text = typeof s === 'string' ? s : s.code;
  const flat = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(flat.length > 100 ? `${flat.slice(0, 99)}…` : flat);
}

/**
 * Problems with a code rule's samples, scanned by `set` (grammars already loaded):
 * with `exclusive`, each positive must be reported by this rule and by no other rule of the
 * set, each negative by no rule; otherwise only this rule's own verdicts count.
 */
export function codeSampleProblems(spec: CodeRuleSpec, set: CodeRuleSet, exclusive: boolean): string[] {
  const problems: string[] = [];
  const idsFor = (s: CodeSample): string[] => {
    const { file, code } = sampleFile(spec, s);
    const scanProblems: { ruleId?: string; message: string }[] = [];
    const ids = [...new Set(set.scanPrepared(code, file, scanProblems).map((h) => h.rule.spec.id))];
    for (const p of scanProblems) if (!p.ruleId || p.ruleId === spec.id) problems.push(`sample ${show(s)} could not be matched: ${p.message}`);
    return exclusive ? ids : ids.filter((id) => id === spec.id);
  };
  const rule = set.rules.find((r) => r.spec.id === spec.id);
  spec.samples.positive.forEach((s, i) => {
    const ids = idsFor(s);
    const { file, code } = sampleFile(spec, s);
    if (!ids.includes(spec.id)) problems.push(`positive sample ${i + 1} is not matched by the rule${ids.length ? ` (reported by ${ids.join(', ')})` : ''}: ${show(s)}`);
    // The rule's own sources count for it (see CodeRuleSet.ownReaders).
    else if (rule?.needsInput && set.readsNoInput(code, file, rule)) {
      problems.push(`positive sample ${i + 1} is matched, but the test before parsing finds no source named in it, so a scan would skip the rule there: the source's name is missing from the source hints (crossFileHints): ${show(s)}`);
    }
    else if (ids.length > 1) problems.push(`positive sample ${i + 1} also reported by ${ids.filter((x) => x !== spec.id).join(', ')}: ${show(s)}`);
  });
  spec.samples.negative.forEach((s, i) => {
    const ids = idsFor(s);
    if (ids.length) problems.push(`negative sample ${i + 1} is matched by ${ids.join(', ')}: ${show(s)}`);
  });
  return problems;
}
