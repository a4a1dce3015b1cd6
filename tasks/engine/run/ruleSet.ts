import type { RuleSummary } from '../../contract/findings';
import type { PalisadeConfig } from '../config/palisadeConfig';
import { isCodeRule, isSecretRule, type LoadedRule, type RuleSpec, type SecretRuleSpec } from '../rules/ruleSpec';
import { alwaysCompiledQueries, CodeRuleSet, compileCodeRule } from '../code/codeRules';
import { compileSecretRule, SecretDetector } from '../secrets/detector';
import { ruleSummary } from '../ruleset/ruleSummary';

/** The rules in force for one scan: built-ins and custom rules, config applied. */
export interface ActiveRules {
  /**
   * Every active rule; code rules carry their effective severity (config overrides applied),
   * so a worker thread rebuilds the code rules from these alone.
   */
  specs: RuleSpec[];
  detector: SecretDetector;
  code: CodeRuleSet;
  summaries: RuleSummary[];
  /** Custom rules' tree-sitter queries, which every thread compiles (see compileQueriesAlways). */
  compiledQueries?: string[];
}

type RuleChoice = Pick<PalisadeConfig, 'disable' | 'enable' | 'severity' | 'customRules'>;

/** The active rules' specs: secrets (specific before generic), then code. */
function selectSpecs(builtins: readonly LoadedRule[], config: RuleChoice): { secretSpecs: SecretRuleSpec[]; active: RuleSpec[] } {
  const disabled = new Set(config.disable);
  const enabled = new Set(config.enable);
  const active = [...builtins, ...config.customRules]
    .map((r) => r.spec)
    .filter((s) => !disabled.has(s.id) && (s.enabled !== false || enabled.has(s.id)));
  const secretSpecs = active.filter(isSecretRule);
  // Specific rules first, so that on equal spans the specific one is kept.
  secretSpecs.sort((a, b) => Number(!!a.generic) - Number(!!b.generic));
  return { secretSpecs, active };
}

/** What activeRules(...).summaries says, without compiling a rule (for `palisade rules`). */
export function ruleSummaries(builtins: readonly LoadedRule[], config: RuleChoice): RuleSummary[] {
  const { secretSpecs, active } = selectSpecs(builtins, config);
  return [
    ...secretSpecs.map((s) => ruleSummary(s, config.severity[s.id] ?? s.severity)),
    ...active.filter(isCodeRule).map((s) => ruleSummary(s, config.severity[s.id] ?? s.severity)),
  ];
}

/**
 * `listAll`: where `summaries` come from when `builtins` are some of the built-in rules only (a
 * scan of a few files, see engine/index.ts), so that every active rule is still listed.
 */
export function activeRules(builtins: readonly LoadedRule[], config: RuleChoice, listAll?: () => RuleSummary[]): ActiveRules {
  const { secretSpecs, active } = selectSpecs(builtins, config);
  // Built-in rules were checked when the bundle was built: they compile on first use (a secret
  // rule's when its keywords occur). Custom rules compile now, so that a mistake in one stops
  // the scan before it starts.
  const builtinIds = new Set(builtins.map((r) => r.spec.id));
  const compiled = secretSpecs.map((s) => compileSecretRule(s, config.severity[s.id] ?? s.severity, builtinIds.has(s.id)));
  const codeSpecs = active
    .filter(isCodeRule)
    .map((s) => (config.severity[s.id] ? { ...s, severity: config.severity[s.id] } : s));
  const code = new CodeRuleSet(codeSpecs.map((s) => compileCodeRule(s, s.severity, builtinIds.has(s.id))));
  let summaries: RuleSummary[] | undefined;
  return {
    specs: [...secretSpecs, ...codeSpecs],
    compiledQueries: alwaysCompiledQueries(),
    detector: new SecretDetector(compiled),
    code,
    // Worked out when first asked for: they need every rule's help text, which a scan shows
    // only in SARIF, and reading the help is a good part of a small scan's start-up.
    get summaries(): RuleSummary[] {
      return (summaries ??= listAll ? listAll() : [...compiled.map((c) => ruleSummary(c.spec, c.severity)), ...code.rules.map((c) => ruleSummary(c.spec, c.severity))]);
    },
  };
}

export { ruleSummary } from '../ruleset/ruleSummary';
