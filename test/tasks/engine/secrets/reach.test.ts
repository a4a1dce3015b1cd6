import assert from 'node:assert/strict';
import { patternReach } from '../../../../tasks/engine/secrets/reach';
import { loadBuiltinRules } from '../../../../tasks/engine/ruleset/ruleLoader';
import type { SecretRuleSpec } from '../../../../tasks/engine/rules/ruleSpec';

describe('pattern reach', () => {
  const cases: [pattern: string, flags: string, expected: { behind: number; ahead: number } | null][] = [
    ['abc', '', { behind: 0, ahead: 3 }],
    ['(?<![A-Z])abc(?![a-z])', '', { behind: 1, ahead: 4 }],
    ['\\bkey\\b', 'i', { behind: 1, ahead: 4 }],
    // The lookbehind starts 1 in and looks back over at most 6; ahead, the bound is loose (a
    // lookahead at the start of a lookbehind's pattern could read past it).
    ['x(?<=[a-z]{2,5}x)', '', { behind: 5, ahead: 4 }],
    ['(?<q>["\'])\\w{1,4}\\k<q>', '', { behind: 0, ahead: 6 }],
    ['a(?:bc|d{2,3}(?=xyz))', '', { behind: 0, ahead: 7 }],
    ['^password[ \\t]{0,4}$', 'm', { behind: 1, ahead: 13 }],
    ['a+', '', null],
    ['a\\s*b', '', null],
    ['a{2,}', '', null],
    ['abc', 'u', null],
  ];
  for (const [pattern, flags, expected] of cases) {
    it(`/${pattern}/${flags}`, () => assert.deepEqual(patternReach(pattern, flags), expected));
  }

  it('a built-in rule run on a slice holding its reach around a start finds what it finds there in the whole text', () => {
    const specs = loadBuiltinRules().map((r) => r.spec).filter((s): s is SecretRuleSpec => s.kind === 'secret' && s.scope !== 'path');
    let checked = 0;
    for (const spec of specs) {
      const reach = patternReach(spec.pattern, spec.flags ?? '');
      if (!reach) continue;
      const re = new RegExp(spec.pattern, `y${spec.flags ?? ''}`);
      for (const sample of [...spec.samples.positive, ...spec.samples.negative]) {
        // The sample among other lines, so that slices cut through text on both sides.
        const text = `const other = "x";\n${sample}\n# ${sample.slice(0, 40)}\n`;
        for (let p = 0; p < text.length; p++) {
          re.lastIndex = p;
          const whole = re.exec(text);
          const base = Math.max(0, p - reach.behind);
          const slice = text.slice(base, p + reach.ahead);
          re.lastIndex = p - base;
          const part = re.exec(slice);
          assert.deepEqual(part && [part.index + base, part[0]], whole && [whole.index, whole[0]], `${spec.id} at ${p} of ${JSON.stringify(text)}`);
        }
      }
      checked++;
    }
    assert.ok(checked > 250, `${checked} rules have a reach`);
  });
});
