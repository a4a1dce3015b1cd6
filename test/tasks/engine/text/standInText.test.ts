import assert from 'node:assert/strict';
import { standInSafe, standInText } from '../../../../tasks/engine/text/standInText';
import { loadBuiltinRules } from '../../../../tasks/engine/ruleset/ruleLoader';
import type { SecretRuleSpec } from '../../../../tasks/engine/rules/ruleSpec';

/** Every non-empty match of a global search: [start, end]. */
function matches(re: RegExp, text: string): [number, number][] {
  const out: [number, number][] = [];
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === 0) re.lastIndex++;
    else out.push([m.index, m.index + m[0].length]);
  }
  return out;
}

describe('standInText', () => {
  it('keeps ASCII and the UTF-16 length, and maps white space to white space, other units to non-space', () => {
    const text = 'a\u00e9b \u00a0c\u3000d\ud83d\ude00e\u20acf\ufeffg\u0085h\u1680';
    const s = standInText(Buffer.from(text, 'utf8'))!;
    assert.equal(s.length, text.length);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x80) assert.equal(s.charCodeAt(i), c);
      else {
        assert.ok(s.charCodeAt(i) >= 0x80 && s.charCodeAt(i) <= 0xff);
        assert.equal(/\s/.test(s[i]), /\s/.test(text[i]), `unit ${i} (U+${c.toString(16)})`);
      }
    }
  });

  it('gives the same stand-in at any alignment of the bytes, for long and short ASCII runs', () => {
    // ASCII runs are copied by words and natively (see standInBytes): every start and length.
    const text = 'x'.repeat(37) + '\u00e9ab\u00a0' + 'token = "0123456789abcdef"'.repeat(3) + '\u3000\ud83d\ude00' + 'y'.repeat(5) + '\u20ac';
    const expected = Array.from({ length: text.length }, (_, i) => {
      const c = text.charCodeAt(i);
      return c < 0x80 ? c : /\s/.test(text[i]) ? 0xa0 : 0xe9;
    });
    const utf8 = Buffer.from(text, 'utf8');
    for (let shift = 0; shift < 8; shift++) {
      const host = Buffer.alloc(utf8.length + 16, 0x41);
      utf8.copy(host, shift);
      for (const bytes of [host.subarray(shift, shift + utf8.length), new Uint8Array(host.buffer, host.byteOffset + shift, utf8.length)]) {
        const s = standInText(bytes)!;
        assert.deepEqual(Array.from(s, (ch) => ch.charCodeAt(0)), expected, `shift ${shift}`);
      }
    }
  });

  it('gives no stand-in for text with a line or paragraph separator', () => {
    assert.equal(standInText(Buffer.from('a\u2028b', 'utf8')), null);
    assert.equal(standInText(Buffer.from('a\u2029b', 'utf8')), null);
  });

  it('standInSafe: ASCII patterns without u/v flags and without backreferences but to ASCII-only groups', () => {
    assert.equal(standInSafe('token\\s*=\\s*"(?<secret>[^"\\s]{8,})"', ''), true);
    assert.equal(standInSafe('[a-z]{4}\\x41\\b', 'i'), true);
    assert.equal(standInSafe('(["\'])(?<secret>\\w+)\\1', ''), false);
    // A backreference to a group that captures one of a few ASCII characters compares ASCII only.
    assert.equal(standInSafe('(?<q>")x\\k<q>', ''), true);
    assert.equal(standInSafe('(?<q>["\'`])(?<secret>[^"\'`\\s]{8,200})\\k<q>', 'i'), true);
    assert.equal(standInSafe('(?<q>["\'])(?:(?!\\k<q>)[^\\r\\n]){4,128}\\k<q>', 'i'), true);
    // Nor one to a group that can capture a non-ASCII unit (a negated class, a range, \S, .) or
    // more than one character, nor a backreference without its group or to an escaped parenthesis.
    assert.equal(standInSafe('(?<q>[^a])x\\k<q>', ''), false);
    assert.equal(standInSafe('(?<q>[a-z])x\\k<q>', 'i'), false);
    assert.equal(standInSafe('(?<q>\\S)x\\k<q>', ''), false);
    assert.equal(standInSafe('(?<q>.)x\\k<q>', ''), false);
    assert.equal(standInSafe('(?<q>"+)x\\k<q>', ''), false);
    assert.equal(standInSafe('x\\k<q>', ''), false);
    assert.equal(standInSafe('\\(?<q>")x\\k<q>', ''), false);
    assert.equal(standInSafe('caf\u00e9', ''), false);
    assert.equal(standInSafe('\\u00e9', ''), false);
    assert.equal(standInSafe('\\xe9', ''), false);
    assert.equal(standInSafe('\\p{L}', 'u'), false);
    assert.equal(standInSafe('abc', 'u'), false);
  });

  it('every built-in secret rule it calls safe matches its samples, among non-ASCII text, where it matches the real text', () => {
    const specs = loadBuiltinRules().map((r) => r.spec).filter((s): s is SecretRuleSpec => s.kind === 'secret' && s.scope !== 'path');
    const odd = ['\u00e9', '\u00a0', '\u3000', '\ud83d\ude00', '\u20ac', ' ', '\n', '\u00fc\u00df', '\ufeff', '\u0085'];
    let seed = 5;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    let safe = 0;
    let compared = 0;
    for (const spec of specs) {
      if (!standInSafe(spec.pattern, spec.flags ?? '')) continue;
      safe++;
      const re = new RegExp(spec.pattern, 'g' + (spec.flags ?? ''));
      for (const sample of [...spec.samples.positive, ...spec.samples.negative]) {
        // Non-ASCII characters around the sample and inside it, at seeded places.
        for (let round = 0; round < 4; round++) {
          const chars = [...sample];
          for (let k = 0; k < 1 + rnd(3); k++) chars.splice(rnd(chars.length + 1), 0, odd[rnd(odd.length)]);
          const text = odd[rnd(odd.length)] + 'x = ' + (round === 0 ? sample : chars.join('')) + ' ' + odd[rnd(odd.length)];
          const s = standInText(Buffer.from(text, 'utf8'));
          assert.ok(s !== null);
          assert.deepEqual(matches(re, s), matches(re, text), `${spec.id}: ${JSON.stringify(text)}`);
          compared++;
        }
      }
    }
    assert.ok(safe > 200, `${safe} rules are stand-in safe`);
    assert.ok(compared > 1000);
  });
});
