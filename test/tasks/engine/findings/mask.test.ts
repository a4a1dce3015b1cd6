import assert from 'node:assert/strict';
import { maskSecret } from '../../../../tasks/engine/findings/mask';

describe('maskSecret', () => {
  it('shows no head for short secrets, 2 characters from 16, 4 from 32, and the length', () => {
    assert.equal(maskSecret('hunter2'), '******* (7 chars)');
    assert.equal(maskSecret('a'.repeat(15)), '************ (15 chars)');
    assert.equal(maskSecret('ab' + 'x'.repeat(14)), 'ab************ (16 chars)');
    assert.equal(maskSecret('ghp_' + 'x'.repeat(36)), 'ghp_************ (40 chars)');
  });

  it('always hides at least 4 and at most 12 characters, whatever the length', () => {
    assert.equal(maskSecret(''), '**** (0 chars)');
    assert.equal(maskSecret('x'), '**** (1 chars)');
    assert.equal(maskSecret('x'.repeat(100_000)), 'xxxx************ (100000 chars)');
  });

  it('never shows more than the head', () => {
    const secret = 'AKIA' + 'SECRETPART'.repeat(4);
    const masked = maskSecret(secret);
    assert.ok(!masked.includes('SECRET'));
  });

  it('does not cut a character in half (no lone surrogate in the preview)', () => {
    const masked = maskSecret('a😀' + 'x'.repeat(13)); // 16 UTF-16 units: the head is 'a' and half the emoji
    assert.equal(masked, 'a************ (16 chars)');
    assert.ok(!/[\uD800-\uDFFF]/.test(masked), 'no half of the emoji');
    assert.ok(maskSecret('abc😀' + 'x'.repeat(28)).startsWith('abc*'), 'the head stops before the emoji');
  });
});
