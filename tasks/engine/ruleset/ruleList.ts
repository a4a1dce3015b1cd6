/**
 * Where the built-in rules live, and their listing for `palisade rules`, in a module that loads
 * little: the listing made at build time is read without the rule loader (YAML, schemas, the
 * code and secret rule compilers).
 */
import { join } from 'node:path';
import type { RuleSummary } from '../../contract/findings';
import { readFreshRuleList, RULE_BUNDLE_FILE } from './ruleBundle';

/** Where the rule YAML lives in the repository (absent in a packaged task). */
export const SOURCE_RULES_DIR = join(__dirname, '..', '..', '..', '..', 'tasks', 'rules');

/**
 * Folders that may hold the shipped rules: beside the bundled task (`rules/`), beside the
 * compiled engine (`out/tasks/rules/`, bundle only), and the repository's sources.
 */
export function ruleDirCandidates(): string[] {
  return [join(__dirname, 'rules'), join(__dirname, '..', '..', 'rules'), SOURCE_RULES_DIR];
}

/**
 * The built-in rules' summaries from the listing made at build time, or null when there is none
 * or it is older than the rule files (ruleLoader's builtinRuleSummaries then works them out
 * from the rules; the same either way).
 */
export function listedRuleSummaries(): RuleSummary[] | null {
  for (const dir of ruleDirCandidates()) {
    const fresh = readFreshRuleList(join(dir, RULE_BUNDLE_FILE), SOURCE_RULES_DIR);
    if (fresh) return fresh;
  }
  return null;
}
