import type { RuleSummary } from '../../contract/findings';
import type { RuleSpec } from '../rules/ruleSpec';

/**
 * Help text as plain text, worked out once per built-in rule at build time (the rule bundle
 * keeps it beside the Markdown) so that listing the rules does not run it 300 times.
 */
const plainHelp = new WeakMap<RuleSpec, string>();

/** Records the plain help text the build worked out for a built-in spec. */
export function rememberPlainHelp(spec: RuleSpec, text: string): void {
  plainHelp.set(spec, text);
}

export function ruleSummary(spec: RuleSpec, severity = spec.severity): RuleSummary {
  // Read first: for a bundled rule this loads the help texts, plain ones included.
  const help = spec.help;
  return {
    id: spec.id,
    kind: spec.kind,
    title: spec.title,
    description: spec.description ?? spec.title,
    severity,
    cwe: spec.cwe,
    helpText: plainHelp.get(spec) ?? stripMarkdown(help),
    helpMarkdown: help,
    tags: [...new Set([...(spec.tags ?? []), ...(spec.kind === 'code' ? spec.languages : [])])],
  };
}

export function stripMarkdown(md: string): string {
  return md
    .replace(/```[\s\S]*?```/g, (b) => b.replace(/```\w*\n?/g, ''))
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)')
    .trim();
}
