/**
 * Where the scan thread's script lives and how long one rule may run on it: shared by the scan
 * pool and the rule-sample checks (which run custom rules on the same thread), so neither imports
 * the other.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

let script: string | undefined;

/**
 * The scan thread's script: under run/ when compiled by tsc, beside the bundle in the packaged
 * task. Missing, it is a broken install, said so here: a thread that cannot load would otherwise
 * look like a rule that never finishes.
 */
export function scanWorkerScript(): string {
  if (script) return script;
  const candidates = [join(__dirname, 'run', 'scanWorker.js'), join(__dirname, 'scanWorker.js')];
  script = candidates.find((p) => existsSync(p));
  if (!script) throw new Error(`Palisade is installed incompletely: the scan thread's script is missing (looked for ${candidates.join(' and ')}); reinstall the task or rebuild with npm run build`);
  return script;
}

/** Default of PoolOptions.ruleBudgetMs: far above what any sane pattern needs on a capped file. */
export const DEFAULT_RULE_BUDGET_MS = 5_000;

/** The rule budget: PALISADE_RULE_BUDGET_MS when set to a positive number (tests lower it), else the default. */
export function defaultRuleBudgetMs(): number {
  const v = Number(process.env.PALISADE_RULE_BUDGET_MS);
  return Number.isFinite(v) && v > 0 ? v : DEFAULT_RULE_BUDGET_MS;
}
