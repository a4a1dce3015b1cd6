import { sha256Hex } from './sha256';

/**
 * Identity of a finding: independent of line numbers so that it survives unrelated edits.
 * SHA-256 of the three strings' UTF-8 bytes, each of the first two followed by a NUL byte (what
 * node:crypto's Hash gave when updated with them in turn: a NUL joins no surrogate pair, so the
 * joined string encodes to the same bytes). Hashed in JavaScript: see sha256.ts for why.
 */
export function fingerprint(ruleId: string, path: string, content: string): string {
  return sha256Hex(`${ruleId}\0${path}\0${content}`);
}

/** Key under which SARIF `partialFingerprints` carries our fingerprint. */
export const FINGERPRINT_KEY = 'palisade/v1';
