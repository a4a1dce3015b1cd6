import type * as WorkerThreads from 'node:worker_threads';
import type { CodeRuleSpec, RuleSpec, SecretRuleSpec } from '../rules/ruleSpec';
import { codeSampleProblems, sampleGrammars } from '../code/codeSamples';
import { CodeRuleSet, compileCodeRule } from '../code/codeRules';
import { loadedGrammar } from '../code/grammars';
import { defaultRuleBudgetMs, scanWorkerScript } from '../scanThread';
import { compileSecretRule, SecretDetector } from '../secrets/detector';

/** Longest wait for a helper thread to load before it checks samples. */
const THREAD_START_TIMEOUT_MS = 60_000;

/**
 * Least time a secret rule's samples get, whatever the per-file rule budget: a rule budget made
 * small to stop big files early must not turn a sound rule into a configuration error on a busy
 * agent, and a pattern that backtracks catastrophically on short samples runs for minutes, not
 * seconds, so the floor still catches it.
 */
const SAMPLE_BUDGET_FLOOR_MS = 2_000;

/** Longest wait for a custom code rule's samples to be checked on a helper thread. */
const SAMPLE_CHECK_TIMEOUT_MS = 120_000;

/**
 * Problems with a rule's samples when the rule runs alone (used to validate custom rules).
 * A secret rule's samples are checked on a helper thread, terminated past the rule budget: a
 * pattern that backtracks catastrophically must not hang configuration loading on the thread
 * that enforces the scan's timeout.
 */
export function checkOwnSamples(spec: RuleSpec, ruleBudgetMs = defaultRuleBudgetMs()): string[] {
  if (spec.kind === 'code') return checkOwnCodeSamples(spec);
  const budgetMs = Math.max(ruleBudgetMs, SAMPLE_BUDGET_FLOOR_MS);
  return onHelperThread({ mode: 'checkSecretSamples', spec }, budgetMs, (waited) =>
    waited === 'timed-out'
      ? `checking the samples took longer than ${budgetMs} ms, so the pattern backtracks catastrophically on short text (look for nested or overlapping repetition such as (a+)+ or (a|a)*) and would stall the scan: simplify it`
      : 'samples could not be checked (no answer from the checking thread)',
  );
}

/** A secret rule's samples against the rule alone, on this thread (the scan worker's side of checkOwnSamples). */
export function secretSampleProblems(spec: SecretRuleSpec): string[] {
  const rules = new SecretDetector([compileSecretRule(spec)]);
  // A path rule's samples are paths.
  // A path rule's samples are paths; a rule limited to some files reads its samples as its sampleFile.
  const detector = spec.scope === 'path' ? { detect: (s: string) => rules.detectPath(s) } : { detect: (s: string) => rules.detect(s, undefined, spec.sampleFile) };
  const problems: string[] = [];
  spec.samples.positive.forEach((s, i) => {
    if (detector.detect(s).length === 0) problems.push(`positive sample ${i + 1} is not matched by the rule`);
  });
  spec.samples.negative.forEach((s, i) => {
    if (detector.detect(s).length > 0) problems.push(`negative sample ${i + 1} is matched by the rule`);
  });
  (spec.samples.filler ?? []).forEach((s, i) => {
    const hits = detector.detect(s);
    if (hits.length === 0) problems.push(`filler sample ${i + 1} is not matched by the rule`);
    else if (hits.some((h) => !h.filler)) problems.push(`filler sample ${i + 1} is reported at full confidence: it does not look like a filler (see placeholders.ts), so make it a positive sample`);
  });
  return problems;
}

/**
 * Problems with a rule's samples against the whole rule set: each positive must be reported
 * by this rule and by no other, each negative by no rule at all, each filler by this rule alone
 * and at low confidence only.
 */
export function checkSamplesAgainstSet(spec: RuleSpec, detector: SecretDetector, code?: CodeRuleSet): string[] {
  if (spec.kind === 'code') {
    if (!code) throw new Error(`code rule ${spec.id}: pass the code rule set (with its grammars loaded) to check its samples`);
    return codeSampleProblems(spec, code, true);
  }
  const problems: string[] = [];
  // A path rule's samples are paths.
  const hitsOf = (s: string) => (spec.scope === 'path' ? detector.detectPath(s) : detector.detect(s, undefined, spec.sampleFile));
  spec.samples.positive.forEach((s, i) => {
    const ids = [...new Set(hitsOf(s).map((h) => h.rule.spec.id))];
    if (!ids.includes(spec.id)) problems.push(`positive sample ${i + 1} not reported by ${spec.id}${ids.length ? ` (reported by ${ids.join(', ')})` : ''}: ${JSON.stringify(s)}`);
    else if (ids.length > 1) problems.push(`positive sample ${i + 1} also reported by ${ids.filter((x) => x !== spec.id).join(', ')}: ${JSON.stringify(s)}`);
  });
  spec.samples.negative.forEach((s, i) => {
    const ids = [...new Set(hitsOf(s).map((h) => h.rule.spec.id))];
    if (ids.length) problems.push(`negative sample ${i + 1} reported by ${ids.join(', ')}: ${JSON.stringify(s)}`);
  });
  (spec.samples.filler ?? []).forEach((s, i) => {
    const hits = hitsOf(s);
    const ids = [...new Set(hits.map((h) => h.rule.spec.id))];
    if (!ids.includes(spec.id)) problems.push(`filler sample ${i + 1} not reported by ${spec.id}${ids.length ? ` (reported by ${ids.join(', ')})` : ''}: ${JSON.stringify(s)}`);
    else if (ids.length > 1) problems.push(`filler sample ${i + 1} also reported by ${ids.filter((x) => x !== spec.id).join(', ')}: ${JSON.stringify(s)}`);
    else if (hits.some((h) => !h.filler)) problems.push(`filler sample ${i + 1} reported at full confidence (make it a positive sample): ${JSON.stringify(s)}`);
  });
  return problems;
}

/**
 * A code rule's samples against the rule alone. Parsing needs grammars that load
 * asynchronously, while configuration loading is synchronous: when they are not loaded on
 * this thread yet, the check runs on a helper thread (the scan worker in sample-check mode)
 * and this thread waits for its answer.
 */
export function checkOwnCodeSamples(spec: CodeRuleSpec): string[] {
  if (sampleGrammars(spec).every((g) => loadedGrammar(g))) return codeSampleProblems(spec, new CodeRuleSet([compileCodeRule(spec)]), false);
  return onHelperThread({ mode: 'checkCodeSamples', spec }, SAMPLE_CHECK_TIMEOUT_MS, (waited) => `samples could not be checked (${waited === 'timed-out' ? 'timed out' : 'no answer from the checking thread'})`);
}

/** Runs a sample check on the scan worker and waits for it synchronously, at most `timeoutMs`. */
function onHelperThread(data: { mode: 'checkCodeSamples'; spec: CodeRuleSpec } | { mode: 'checkSecretSamples'; spec: SecretRuleSpec }, timeoutMs: number, noAnswer: (waited: string) => string): string[] {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  // Loaded here, not at start: only custom rules' samples are checked on a thread.
  const { MessageChannel, receiveMessageOnPort, Worker } = require('node:worker_threads') as typeof WorkerThreads;
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(scanWorkerScript(), {
    workerData: { ...data, flag, port: port2 },
    transferList: [port2],
  });
  try {
    // The budget starts once the thread has loaded (1): loading takes its own time on a busy agent.
    const started = Atomics.wait(flag, 0, 0, THREAD_START_TIMEOUT_MS);
    const waited = started === 'timed-out' ? started : Atomics.wait(flag, 0, 1, timeoutMs);
    const reply = receiveMessageOnPort(port1);
    if (!reply) return [noAnswer(waited)];
    return reply.message as string[];
  } finally {
    port1.close();
    void worker.terminate();
  }
}
