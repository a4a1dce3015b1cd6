import assert from 'node:assert/strict';
import { mdCode, mdText } from '../../../../tasks/PalisadeScanV1/steps/reporting';

describe('build summary Markdown: repository text stays plain text', () => {
  it('mdText: one line, no HTML, no link, image, emphasis or code span', () => {
    assert.equal(mdText('GitHub personal access token (classic)'), 'GitHub personal access token (classic)');
    assert.equal(mdText('a|b <img src=x> ![i](http://e) [l](http://e) *b* _i_ `c` ~s~ &amp;'), 'a\\|b &lt;img src=x&gt; !\\[i\\](http://e) \\[l\\](http://e) \\*b\\* \\_i\\_ \\`c\\` \\~s\\~ &amp;amp;');
    assert.equal(mdText('x\n\n## heading\u202e'), 'x&lt;U+000A&gt;&lt;U+000A&gt;## heading&lt;U+202E&gt;', 'renders as x<U+000A>... on one line');
  });

  it('mdCode: a code span no backtick in the text can close, one line, table-safe', () => {
    assert.equal(mdCode('src/a.js:3'), '`src/a.js:3`');
    assert.equal(mdCode('a`b'), '``a`b``');
    assert.equal(mdCode('`x'), '`` `x ``');
    assert.equal(mdCode('a|b\nc'), '`a\\|b<U+000A>c`');
  });
});
