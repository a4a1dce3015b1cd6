import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { FINGERPRINT_KEY, fingerprint } from '../../../../tasks/engine/findings/fingerprint';

describe('fingerprint', () => {
  it('is a SHA-256 hex digest of rule, path and content separated by NUL', () => {
    const fp = fingerprint('PAL-S-001', 'src/a.ts', 'AKIA...');
    assert.match(fp, /^[0-9a-f]{64}$/);
    assert.equal(fp, createHash('sha256').update('PAL-S-001\0src/a.ts\0AKIA...').digest('hex'));
  });

  it('equals the digest of the three strings hashed in turn, lone surrogates at the joins included', () => {
    const inTurn = (r: string, p: string, c: string): string => createHash('sha256').update(r).update('\0').update(p).update('\0').update(c).digest('hex');
    for (const [r, p, c] of [['js-xss', 'src/é.js', 'res.send(x)'], ['r\uD800', '\uDC00p\uD83D', '\uDE00c'], ['', '', ''], ['😀', 'ü/日本', '\uDBFF']]) {
      assert.equal(fingerprint(r, p, c), inTurn(r, p, c));
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
