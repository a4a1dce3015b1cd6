import { announceRan } from './builtins';
import { sha256Hex } from './sha256';

let announced = false;

/**
 * Identity of a finding: independent of line numbers so that it survives unrelated edits. The
 * SHA-256 of rule, path and content apart by NUL (as node:crypto's; see sha256.ts for why not it).
 */
export function fingerprint(ruleId: string, path: string, content: string): string {
  if (!announced) {
    // So that the launcher's code cache also holds the report's functions (see RAN).
    announced = true;
    announceRan('fingerprint');
  }
  return sha256Hex(`${ruleId}\0${path}\0${content}`);
}

/** Key under which SARIF `partialFingerprints` carries our fingerprint. */
export const FINGERPRINT_KEY = 'palisade/v1';
