import type { RuleSummary } from '../contract/findings';
import type { PalisadeConfig } from './config';
import type { LoadedRule } from './ruleLoader';
import type { RuleSpec } from './ruleSpec';
import { compileSecretRule, SecretDetector } from './secretDetector';

/** The rules in force for one scan: built-ins and custom rules, config applied. */
export interface ActiveRules {
  specs: RuleSpec[];
  detector: SecretDetector;
  summaries: RuleSummary[];
}

export function activeRules(builtins: readonly LoadedRule[], config: Pick<PalisadeConfig, 'disable' | 'enable' | 'severity' | 'customRules'>): ActiveRules {
  const disabled = new Set(config.disable);
  const enabled = new Set(config.enable);
  const specs = [...builtins, ...config.customRules]
    .map((r) => r.spec)
    .filter((s) => !disabled.has(s.id) && (s.enabled !== false || enabled.has(s.id)));
  // Specific rules first, so that on equal spans the specific one is kept.
  specs.sort((a, b) => Number(!!a.generic) - Number(!!b.generic));
  const compiled = specs.map((s) => compileSecretRule(s, config.severity[s.id] ?? s.severity));
  return {
    specs,
    detector: new SecretDetector(compiled),
    summaries: compiled.map((c) => ruleSummary(c.spec, c.severity)),
  };
}

export function ruleSummary(spec: RuleSpec, severity = spec.severity): RuleSummary {
  return {
    id: spec.id,
    kind: spec.kind,
    title: spec.title,
    description: spec.description ?? spec.title,
    severity,
    cwe: spec.cwe,
    helpText: stripMarkdown(spec.help),
    helpMarkdown: spec.help,
    tags: spec.tags ?? [],
  };
}

function stripMarkdown(md: string): string {
  return md
    .replace(/```[\s\S]*?```/g, (b) => b.replace(/```\w*\n?/g, ''))
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)')
    .trim();
}
