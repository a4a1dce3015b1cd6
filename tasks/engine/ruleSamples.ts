import type { RuleSpec } from './ruleSpec';
import { compileSecretRule, SecretDetector } from './secretDetector';

/** Problems with a rule's samples when the rule runs alone (used to validate custom rules). */
export function checkOwnSamples(spec: RuleSpec): string[] {
  const detector = new SecretDetector([compileSecretRule(spec)]);
  const problems: string[] = [];
  spec.samples.positive.forEach((s, i) => {
    if (detector.detect(s).length === 0) problems.push(`positive sample ${i + 1} is not matched by the rule`);
  });
  spec.samples.negative.forEach((s, i) => {
    if (detector.detect(s).length > 0) problems.push(`negative sample ${i + 1} is matched by the rule`);
  });
  return problems;
}

/**
 * Problems with a rule's samples against the whole rule set: each positive must be reported
 * by this rule and by no other, each negative by no rule at all.
 */
export function checkSamplesAgainstSet(spec: RuleSpec, detector: SecretDetector): string[] {
  const problems: string[] = [];
  spec.samples.positive.forEach((s, i) => {
    const ids = [...new Set(detector.detect(s).map((h) => h.rule.spec.id))];
    if (!ids.includes(spec.id)) problems.push(`positive sample ${i + 1} not reported by ${spec.id}${ids.length ? ` (reported by ${ids.join(', ')})` : ''}: ${JSON.stringify(s)}`);
    else if (ids.length > 1) problems.push(`positive sample ${i + 1} also reported by ${ids.filter((x) => x !== spec.id).join(', ')}: ${JSON.stringify(s)}`);
  });
  spec.samples.negative.forEach((s, i) => {
    const ids = [...new Set(detector.detect(s).map((h) => h.rule.spec.id))];
    if (ids.length) problems.push(`negative sample ${i + 1} reported by ${ids.join(', ')}: ${JSON.stringify(s)}`);
  });
  return problems;
}
