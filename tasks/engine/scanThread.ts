/**
 * Where the scan thread's script lives and how long one rule may run on it: shared by the scan
 * pool and the rule-sample checks (which run custom rules on the same thread), so neither imports
 * the other.
 */
import { join } from 'node:path';

/** The scan thread's script: beside this module when compiled, and beside the bundle in the packaged task. */
export function scanWorkerScript(): string {
  return join(__dirname, 'scanWorker.js');
}

/** Default of PoolOptions.ruleBudgetMs: far above what any sane pattern needs on a capped file. */
export const DEFAULT_RULE_BUDGET_MS = 5_000;

/** The rule budget: PALISADE_RULE_BUDGET_MS when set to a positive number (tests lower it), else the default. */
export function defaultRuleBudgetMs(): number {
  const v = Number(process.env.PALISADE_RULE_BUDGET_MS);
  return Number.isFinite(v) && v > 0 ? v : DEFAULT_RULE_BUDGET_MS;
}
