import type { Finding, FlowStep } from '../../contract/findings';
import { fingerprint } from '../findings/fingerprint';
import { LineIndex } from '../text/lineIndex';
import { maskSecret } from '../findings/mask';
import type { SecretDetector } from '../secrets/detector';
import { InlineSuppressions, SUPPRESSION_MARKER } from '../findings/suppressions';
import type { CodeHit } from './codeRules';

export const PREVIEW_CHARS = 120;

/** Matched code with runs of whitespace collapsed (for previews). */
export function normaliseCode(code: string): string {
  return code.replace(/\s+/g, ' ').trim();
}

/**
 * The identity of matched code: its text without any whitespace, so re-indenting or a
 * formatter re-wrapping the arguments keeps the fingerprint, while any token change moves it.
 */
export function codeIdentity(code: string): string {
  return code.replace(/\s+/g, '');
}

/**
 * A preview of matched code that is safe to show anywhere: any value the secret rules would
 * report, and any secret-looking value the code rule relied on, is masked before the text is
 * cut to length (cutting first could leave part of a secret unmasked).
 */
export function safePreview(code: string, secrets: readonly string[], detector?: SecretDetector): string {
  let text = normaliseCode(code);
  const values = new Set(secrets.filter((s) => s.length > 0));
  if (detector) for (const h of detector.detect(text)) values.add(h.secret);
  // One pass, longest value first: a mask's own text ("(12 chars)") is never masked again.
  if (values.size) {
    const alternatives = [...values].sort((a, b) => b.length - a.length).map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    text = text.replace(new RegExp(alternatives.join('|'), 'g'), (v) => maskSecret(v));
  }
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text;
}

/** A place of a flow in this text, as a step (masked preview); `path` only for a place in another file than the finding's. */
export function flowStepAt(text: string, lines: LineIndex, p: { start: number; end: number }, secrets: readonly string[], detector?: SecretDetector, path?: string): FlowStep {
  const a = lines.position(p.start);
  const b = lines.position(p.end);
  return { ...(path ? { path } : {}), region: { startLine: a.line, startColumn: a.column, endLine: b.line, endColumn: b.column }, preview: safePreview(text.slice(p.start, p.end), secrets, detector) };
}

/**
 * Findings for one file's code hits. Inline `palisade-ignore` comments apply as they do to
 * secrets (their diagnostics are reported once, by the secret pass over the same text).
 */
export function codeFindings(text: string, path: string, hits: readonly CodeHit[], knownRuleIds: ReadonlySet<string>, detector?: SecretDetector): Finding[] {
  if (hits.length === 0) return [];
  const lines = new LineIndex(text);
  const suppressions = text.includes(SUPPRESSION_MARKER) ? new InlineSuppressions(text, lines, knownRuleIds, path) : undefined;
  const out: Finding[] = [];
  for (const h of hits) {
    const start = lines.position(h.start);
    const end = lines.position(h.end);
    const code = text.slice(h.start, h.end);
    const spec = h.rule.spec;
    const f: Finding = {
      ruleId: spec.id,
      kind: 'code',
      severity: h.rule.severity,
      message: spec.message ?? spec.title,
      path,
      region: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
      preview: safePreview(code, h.secrets, detector),
      fingerprint: fingerprint(spec.id, path, codeIdentity(code)),
      properties: { cwe: spec.cwe },
    };
    if (h.flow?.length) f.flow = [...h.flow, { start: h.start, end: h.end }].map((p) => flowStepAt(text, lines, p, h.secrets, detector));
    const sup = suppressions?.match(start.line, spec.id);
    if (sup) f.suppression = sup;
    out.push(f);
  }
  return out;
}
