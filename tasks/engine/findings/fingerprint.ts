import { sha256Hex } from './sha256';

/**
 * Identity of a finding: independent of line numbers so that it survives unrelated edits.
 * SHA-256 of the three parts joined by NUL bytes. Written in JavaScript (see sha256.ts) rather
 * than with node:crypto, whose loading cost a one-file scan with a finding ~15 M instructions.
 */
export function fingerprint(ruleId: string, path: string, content: string): string {
  return sha256Hex(`${ruleId}\0${path}\0${content}`);
}

/** Key under which SARIF `partialFingerprints` carries our fingerprint. */
export const FINGERPRINT_KEY = 'palisade/v1';
