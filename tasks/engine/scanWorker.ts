import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { scanFileBatchAsync } from './fileBatch';
import type { CodeRuleSpec, RuleSpec, SecretRuleSpec } from './ruleSpec';
import { CodeRuleSet, compileCodeRule } from './code/codeRules';
import { codeSampleProblems } from './code/codeSamples';
import { seedAnchors, type AnchorEntry } from './patternAnchors';
import { compileSecretRule, SecretDetector } from './secretDetector';
import type { Severity } from '../contract/findings';
import type { WalkedFile } from './walker';

/**
 * Worker side of the scan pool: compiles the rules once, then scans batches on request.
 * In `checkCodeSamples` mode it instead checks one custom code rule's samples for a thread
 * that waits synchronously (see checkOwnCodeSamples).
 */
interface ScanInit {
  mode?: 'scan';
  specs: RuleSpec[];
  severities: Record<string, Severity>;
  knownRuleIds: string[];
  collectSecrets: boolean;
  anchors: AnchorEntry[];
}

interface SampleCheckInit {
  mode: 'checkCodeSamples';
  spec: CodeRuleSpec;
  flag: Int32Array;
  port: MessagePort;
}

const init = workerData as ScanInit | SampleCheckInit;

if (init.mode === 'checkCodeSamples') {
  const { spec, flag, port } = init;
  const reply = (problems: string[]): void => {
    port.postMessage(problems);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  };
  (async () => {
    const set = new CodeRuleSet([compileCodeRule(spec)]);
    await set.prepareAll();
    return codeSampleProblems(spec, set, false);
  })().then(reply, (e: unknown) => reply([`samples could not be checked: ${(e as Error).message}`]));
} else {
  const specs = init.specs;
  seedAnchors(init.anchors);
  const detector = new SecretDetector(specs.filter((s): s is SecretRuleSpec => s.kind === 'secret').map((s) => compileSecretRule(s, init.severities[s.id] ?? s.severity)));
  // Code specs arrive with their effective severity already applied (see activeRules).
  const code = new CodeRuleSet(specs.filter((s): s is CodeRuleSpec => s.kind === 'code').map((s) => compileCodeRule(s, init.severities[s.id] ?? s.severity)));
  const known = new Set(init.knownRuleIds);

  parentPort!.on('message', (files: WalkedFile[] | null) => {
    if (files === null) {
      process.exit(0);
    }
    // The pool sends the next batch only after this answer, so batches never overlap.
    scanFileBatchAsync(files, detector, known, init.collectSecrets, code).then(
      (r) => parentPort!.postMessage(r),
      // Rethrown outside the promise so the thread fails and the pool fails the scan.
      (e: unknown) => setImmediate(() => {
        throw e;
      }),
    );
  });
  parentPort!.postMessage('ready');
}
