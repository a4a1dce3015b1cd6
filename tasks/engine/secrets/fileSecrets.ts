import type { Diagnostic, Finding } from '../../contract/findings';
import { fingerprint } from '../findings/fingerprint';
import { LineIndex } from '../text/lineIndex';
import { maskSecret } from '../findings/mask';
import type { SecretDetector } from './detector';
import { InlineSuppressions, SUPPRESSION_MARKER } from '../findings/suppressions';

export interface TextScanResult {
  findings: Finding[];
  diagnostics: Diagnostic[];
  /** Raw secret values, only for the task's `setsecret`; never written anywhere. */
  secrets: string[];
}

/** Scans one decoded text. `path` is relative to the scan root, `/`-separated. */
export function scanText(text: string, path: string, detector: SecretDetector, knownRuleIds: ReadonlySet<string>, skipRules?: ReadonlySet<string>): TextScanResult {
  const hits = detector.detect(text, skipRules);
  const hasMarker = text.includes(SUPPRESSION_MARKER);
  if (hits.length === 0 && !hasMarker) return { findings: [], diagnostics: [], secrets: [] };
  const lines = new LineIndex(text);
  const suppressions = hasMarker ? new InlineSuppressions(text, lines, knownRuleIds, path) : undefined;
  const findings: Finding[] = [];
  const secrets: string[] = [];
  for (const h of hits) {
    const start = lines.position(h.start);
    const end = lines.position(h.end);
    const rule = h.rule;
    const f: Finding = {
      ruleId: rule.spec.id,
      kind: 'secret',
      severity: rule.severity,
      message: `${rule.spec.title} found in ${path}. Revoke it, then move it to a secret store.`,
      path,
      region: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
      preview: maskSecret(h.secret),
      fingerprint: fingerprint(rule.spec.id, path, h.secret),
    };
    const sup = suppressions?.match(start.line, rule.spec.id);
    if (sup) f.suppression = sup;
    findings.push(f);
    secrets.push(h.secret);
  }
  return { findings, diagnostics: suppressions?.diagnostics ?? [], secrets };
}
