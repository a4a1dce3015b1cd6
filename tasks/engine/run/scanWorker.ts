import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { packSummaries, scanFileBatchAsync } from './fileBatch';
import { isCodeRule, isSecretRule, type CodeRuleSpec, type RuleSpec, type SecretRuleSpec } from '../rules/ruleSpec';
import type * as CodeRulesModule from '../code/codeRules';
import type * as CodeSamplesModule from '../code/codeSamples';
import type * as RuleSamplesModule from '../ruleset/ruleSamples';
import { seedAnchors, type AnchorEntry } from '../secrets/anchors';
import { compileSecretRule, SecretDetector, type RuleWatch } from '../secrets/detector';
import { PROGRESS, type BatchMessage } from './scanPool';
import type { Severity } from '../../contract/findings';
import { TreeNameSet, type TreeNameData } from '../code/treeNameSet';

/**
 * Worker side of the scan pool: compiles the rules once, then scans batches on request.
 * In `checkCodeSamples` / `checkSecretSamples` mode it instead checks one custom rule's samples for a thread
 * that waits synchronously (see checkOwnCodeSamples).
 */
interface ScanInit {
  mode?: 'scan';
  specs: RuleSpec[];
  severities: Record<string, Severity>;
  knownRuleIds: string[];
  collectSecrets: boolean;
  anchors: AnchorEntry[];
  maxFileSize?: number;
  /** Where this thread says which rule runs on which file (see PROGRESS in scanPool). */
  progress: Int32Array;
  /** Set when files return cross-file summaries: the tree's names (see CodeRuleSet.crossFile). */
  crossFileNames?: TreeNameData;
  /** The scan holds many files (see SecretDetector.expectManyFiles). */
  manyFiles?: boolean;
  /** Custom rules' queries: compiled here too, so a refused one is reported (see compileQueriesAlways). */
  compiledQueries?: string[];
}

interface SampleCheckInit {
  mode: 'checkCodeSamples';
  spec: CodeRuleSpec;
  flag: Int32Array;
  port: MessagePort;
}

interface SecretSampleCheckInit {
  mode: 'checkSecretSamples';
  spec: SecretRuleSpec;
  flag: Int32Array;
  port: MessagePort;
}

const init = workerData as ScanInit | SampleCheckInit | SecretSampleCheckInit;

// Loaded when the mode needs them: a secrets-only scan thread loads no code-scanner module.
const codeRules = (): typeof CodeRulesModule => require('../code/codeRules') as typeof CodeRulesModule;

/** Sample-check modes: 1 in the flag says the thread has loaded (the budget starts), 2 that it answered. */
const signal = (flag: Int32Array, value: number): void => {
  Atomics.store(flag, 0, value);
  Atomics.notify(flag, 0);
};

if (init.mode === 'checkSecretSamples') {
  const { spec, flag, port } = init;
  signal(flag, 1);
  port.postMessage((require('../ruleset/ruleSamples') as typeof RuleSamplesModule).secretSampleProblems(spec));
  signal(flag, 2);
} else if (init.mode === 'checkCodeSamples') {
  const { spec, flag, port } = init;
  signal(flag, 1);
  const reply = (problems: string[]): void => {
    port.postMessage(problems);
    signal(flag, 2);
  };
  (async () => {
    const { CodeRuleSet, compileCodeRule } = codeRules();
    const set = new CodeRuleSet([compileCodeRule(spec)]);
    await set.prepareAll();
    return (require('../code/codeSamples') as typeof CodeSamplesModule).codeSampleProblems(spec, set, false);
  })().then(reply, (e: unknown) => reply([`samples could not be checked: ${(e as Error).message}`]));
} else {
  const specs = init.specs;
  seedAnchors(init.anchors);
  const detector = new SecretDetector(specs.filter(isSecretRule).map((s) => compileSecretRule(s, init.severities[s.id] ?? s.severity)));
  if (init.manyFiles) detector.expectManyFiles();
  // Code specs arrive with their effective severity already applied, and checked (see activeRules).
  const codeSpecs = specs.filter(isCodeRule);
  let code: CodeRulesModule.CodeRuleSet | undefined;
  if (codeSpecs.length) {
    const { CodeRuleSet, compileCodeRule, compileQueriesAlways } = codeRules();
    compileQueriesAlways(init.compiledQueries ?? []);
    code = new CodeRuleSet(codeSpecs.map((s) => compileCodeRule(s, init.severities[s.id] ?? s.severity, true)));
    if (init.crossFileNames) code.crossFile = { names: TreeNameSet.from(init.crossFileNames) };
  }
  const known = new Set(init.knownRuleIds);
  const progress = init.progress;
  const ruleIndex = new Map(specs.map((s, i) => [s.id, i + 1]));
  const watch: RuleWatch = (id) => {
    Atomics.store(progress, PROGRESS.rule, id === undefined ? 0 : ruleIndex.get(id) ?? 0);
    Atomics.add(progress, PROGRESS.step, 1);
  };
  detector.watch = watch;
  if (code) code.watch = watch;
  const onFile = (i: number): void => {
    Atomics.store(progress, PROGRESS.file, i);
    Atomics.add(progress, PROGRESS.step, 1);
  };

  parentPort!.on('message', (msg: BatchMessage | null) => {
    if (msg === null) {
      process.exit(0);
    }
    // The pool sends the next batch only after this answer, so batches never overlap.
    scanFileBatchAsync(msg.files, detector, known, init.collectSecrets, code, { maxFileSize: init.maxFileSize, skipRules: msg.skipRules, onFile }).then(
      // Summaries as bytes: the pool keeps them so until the scan's cross-file join (see packSummaries).
      (r) => parentPort!.postMessage(packSummaries(r)),
      // Rethrown outside the promise so the thread fails and the pool fails the scan.
      (e: unknown) => setImmediate(() => {
        throw e;
      }),
    );
  });
  parentPort!.postMessage('ready');
}
