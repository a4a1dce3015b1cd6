import { parentPort, workerData } from 'node:worker_threads';
import { scanFileBatch } from './fileBatch';
import type { RuleSpec } from './ruleSpec';
import { compileSecretRule, SecretDetector } from './secretDetector';
import type { Severity } from '../contract/findings';
import type { WalkedFile } from './walker';

/** Worker side of the scan pool: compiles the rules once, then scans batches on request. */
interface Init {
  specs: RuleSpec[];
  severities: Record<string, Severity>;
  knownRuleIds: string[];
  collectSecrets: boolean;
}

const init = workerData as Init;
const detector = new SecretDetector(init.specs.map((s) => compileSecretRule(s, init.severities[s.id] ?? s.severity)));
const known = new Set(init.knownRuleIds);

parentPort!.on('message', (files: WalkedFile[] | null) => {
  if (files === null) {
    process.exit(0);
  }
  parentPort!.postMessage(scanFileBatch(files, detector, known, init.collectSecrets));
});
