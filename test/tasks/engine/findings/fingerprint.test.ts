import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { FINGERPRINT_KEY, fingerprint } from '../../../../tasks/engine/findings/fingerprint';

describe('fingerprint', () => {
  it('is a SHA-256 hex digest of rule, path and content separated by NUL', () => {
    const fp = fingerprint('PAL-S-001', 'src/a.ts', 'AKIA...');
    assert.match(fp, /^[0-9a-f]{64}$/);
    assert.equal(fp, createHash('sha256').update('PAL-S-001\0src/a.ts\0AKIA...').digest('hex'));
  });

  it('is the digest node:crypto gives, for texts of every length around the block sizes and any characters', () => {
    const texts = ['', 'héllo \u{1F600}', 'a lone \ud800 surrogate', 'x\udc00', '\ud800'];
    for (let n = 0; n < 200; n++) texts.push(randomBytes(n).toString('latin1'), randomBytes(n).toString('base64'));
    texts.push(randomBytes(70000).toString('latin1'));
    for (const t of texts) {
      for (const [r, p, c] of [[t, 'p', 'c'], ['r', t, 'c'], ['r', 'p', t]]) {
        assert.equal(fingerprint(r, p, c), createHash('sha256').update(r).update('\0').update(p).update('\0').update(c).digest('hex'));
      }
    }
  });

  it('is stable: the same inputs give the same identity (no line numbers involved)', () => {
    assert.equal(fingerprint('r', 'p', 'c'), fingerprint('r', 'p', 'c'));
  });

  it('changes with each of rule, path and content', () => {
    const base = fingerprint('r', 'p', 'c');
    assert.notEqual(fingerprint('r2', 'p', 'c'), base);
    assert.notEqual(fingerprint('r', 'p2', 'c'), base);
    assert.notEqual(fingerprint('r', 'p', 'c2'), base);
  });

  it('keeps fields apart: moving text between fields gives another identity', () => {
    assert.notEqual(fingerprint('ab', 'c', 'd'), fingerprint('a', 'bc', 'd'));
    assert.notEqual(fingerprint('a', 'b', 'cd'), fingerprint('a', 'bc', 'd'));
  });

  it('names the SARIF partialFingerprints key with a version', () => {
    assert.equal(FINGERPRINT_KEY, 'palisade/v1');
  });
});
