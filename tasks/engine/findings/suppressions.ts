import type { Diagnostic, Suppression } from '../../contract/findings';
import type { LineIndex } from '../text/lineIndex';

export const SUPPRESSION_MARKER = 'palisade-ignore';

interface InlineSuppression {
  /** null: every rule. */
  ruleIds: string[] | null;
  reason?: string;
}

/**
 * `palisade-ignore [rule-id[, rule-id...]] [-- reason]` in a comment silences findings on its
 * own line and on the line below. Unknown rule ids are reported, and such a comment silences
 * nothing, so a typo never hides a finding.
 */
export class InlineSuppressions {
  private readonly byLine = new Map<number, InlineSuppression[]>();
  readonly diagnostics: Diagnostic[] = [];

  constructor(text: string, lines: LineIndex, knownRuleIds: ReadonlySet<string>, path: string) {
    const re = /palisade-ignore\b([^\r\n]*)/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      const line = lines.lineOf(m.index);
      const parsed = parse(m[1]);
      if (!parsed) continue;
      const unknown = parsed.ruleIds?.filter((id) => !knownRuleIds.has(id)) ?? [];
      if (unknown.length) {
        this.diagnostics.push({
          level: 'warning',
          path,
          line,
          message: `palisade-ignore names unknown rule id${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')}; it suppresses nothing (write "palisade-ignore -- reason" to silence every rule, or use a rule id from "palisade rules")`,
        });
        continue;
      }
      for (const l of [line, line + 1]) {
        const list = this.byLine.get(l) ?? [];
        list.push(parsed);
        this.byLine.set(l, list);
      }
    }
  }

  match(line: number, ruleId: string): Suppression | undefined {
    for (const s of this.byLine.get(line) ?? []) {
      if (s.ruleIds === null || s.ruleIds.includes(ruleId)) {
        return { kind: 'inSource', justification: s.reason ?? 'palisade-ignore' };
      }
    }
    return undefined;
  }
}

/**
 * The directive grammar: `palisade-ignore[:] [id[, id...]] [-- reason]`. Text that does not fit
 * it (prose that mentions the marker, a string in code) is not a directive and is ignored.
 */
const DIRECTIVE = /^:?\s*([a-z0-9][a-z0-9._/-]*(?:\s*,\s*[a-z0-9][a-z0-9._/-]*)*)?\s*(?:--(?:\s+(.*))?)?$/;

function parse(rest: string): InlineSuppression | null {
  // Drop comment terminators that may follow on the same line.
  const body = rest.replace(/\s*(\*\/|-->|--%>|#\}|%>|\*\)).*$/, '').trim();
  const m = DIRECTIVE.exec(body);
  if (!m) return null;
  const ids = (m[1] ?? '').split(/\s*,\s*/).filter(Boolean);
  const reason = m[2]?.trim() || undefined;
  return { ruleIds: ids.length ? ids : null, reason: reason?.slice(0, 200) };
}

/** Each `palisade-ignore` directive line of a text: its 1-based line and trimmed text. */
function directiveLines(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  text.split(/\r\n|\r|\n/).forEach((l, i) => {
    const m = /palisade-ignore\b([^\r\n]*)/.exec(l);
    if (m && parse(m[1])) out.push({ line: i + 1, text: l.trim() });
  });
  return out;
}

/**
 * Lines of `palisade-ignore` directives in `head` that `base` (the merge base's version; null
 * when the file is new) does not have. Lines are compared by text, counted, so a directive that
 * merely moved is not new, and a second copy of an existing one is.
 */
export function addedIgnoreLines(head: string, base: string | null): number[] {
  const before = new Map<string, number>();
  for (const d of base === null ? [] : directiveLines(base)) before.set(d.text, (before.get(d.text) ?? 0) + 1);
  const added: number[] = [];
  for (const d of directiveLines(head)) {
    const n = before.get(d.text) ?? 0;
    if (n > 0) before.set(d.text, n - 1);
    else added.push(d.line);
  }
  return added;
}
