import assert from 'node:assert/strict';
import { displayLine, escapeBidi, hasBidi, markdownCode, markdownCodeBlock, markdownText } from '../../../tasks/contract/displayText';

describe('displayText: untrusted text shown safely by the task and the hub', () => {
  it('shows every bidirectional control as a code point', () => {
    const all = '\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C';
    assert.equal(escapeBidi(`a${all}b`), 'a<U+202A><U+202B><U+202C><U+202D><U+202E><U+2066><U+2067><U+2068><U+2069><U+200E><U+200F><U+061C>b');
    assert.ok(hasBidi('x\u202Ey'));
    assert.ok(!hasBidi('plain — text ü'));
  });

  it('folds line breaks and shows other controls', () => {
    assert.equal(displayLine('a\r\n\r\nb\u2028c\u0007'), 'a b c<U+0007>');
  });

  it('code spans are longer than any backtick run inside and stay on one line', () => {
    assert.equal(markdownCode('a ``` b'), '```` a ``` b ````');
    assert.equal(markdownCode('`x`'), '`` `x` ``');
    assert.equal(markdownCode('a|b', { inTable: true }), '` a\\|b `');
    assert.equal(markdownCode('x\n\n[l](https://e)'), '` x [l](https://e) `');
    assert.equal(markdownCodeBlock('``````\n\nend'), '```````text\n`````` end\n```````');
  });

  it('markdownText leaves no link, image, HTML, autolink or mention syntax', () => {
    const hostile = '![i](https://e/x.png) [click](javascript:alert(1)) <img src=x onerror=a()> http://evil.example www.evil.example mail@evil.example @alice #12 !34 `code` **b**\n\n# h';
    const out = markdownText(hostile);
    assert.ok(!/[<>\n]/.test(out), out);
    assert.ok(!/(^|[^\\])[[\]()`*#!]/.test(out), `every metacharacter escaped: ${out}`);
    for (const trigger of ['://', 'www.e', 'evil.example', '@evil', '@alice', '#12', '!34']) {
      assert.ok(!out.replace(/\\/g, '').includes(trigger), `"${trigger}" is broken up: ${out}`);
    }
    assert.match(out, /&lt;img/);
  });
});
