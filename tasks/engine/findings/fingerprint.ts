import { createHash } from 'node:crypto';

/** Identity of a finding: independent of line numbers so that it survives unrelated edits. */
export function fingerprint(ruleId: string, path: string, content: string): string {
  return createHash('sha256').update(ruleId).update('\0').update(path).update('\0').update(content).digest('hex');
}

/** Key under which SARIF `partialFingerprints` carries our fingerprint. */
export const FINGERPRINT_KEY = 'palisade/v1';
