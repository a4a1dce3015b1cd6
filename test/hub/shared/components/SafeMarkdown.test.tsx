/** Rule help Markdown rendered straight to elements (hub/shared/components/SafeMarkdown.tsx): the subset rules use, never raw HTML, only web links. */
import assert from 'node:assert/strict';
import * as React from 'react';
import { parseBlocks, SafeMarkdown } from '../../../../hub/shared/components/SafeMarkdown';
import { mount, text, unmountAll } from '../../components/render';

describe('hub components: SafeMarkdown', () => {
  afterEach(() => unmountAll());

  it('renders the Markdown subset rules use and nothing else', () => {
    const { container } = mount(<SafeMarkdown markdown={'# Title\n\nUse `x` and **bold** <script>alert(1)</script>\n\n- one\n- two\n\n```\ncode <b>\n```\n[a](https://ok.test) [b](javascript:alert(1))'} />);
    assert.equal(container.querySelectorAll('script').length, 0);
    assert.ok(text(container).includes('<script>alert(1)</script>'));
    assert.equal(container.querySelectorAll('strong').length, 1);
    assert.equal(container.querySelectorAll('li').length, 2);
    assert.equal(container.querySelector('pre')?.textContent, 'code <b>');
    assert.deepEqual([...container.querySelectorAll('a')].map((a) => a.getAttribute('href')), ['https://ok.test/']);
  });

  it('opens links in a new tab without giving it this page, and keeps a refused link\'s text', () => {
    const { container } = mount(<SafeMarkdown markdown={'See [the docs](https://docs.test/a "title") or [this](data:text/html,x).'} />);
    const [a] = [...container.querySelectorAll('a')];
    assert.equal(a.getAttribute('target'), '_blank');
    assert.equal(a.getAttribute('rel'), 'noopener noreferrer');
    assert.equal(text(container), 'See the docs or this.');
  });

  it('renders headings below the panel\'s own, emphasis, code spans and ordered lists', () => {
    const { container } = mount(<SafeMarkdown className="x" markdown={'## How to fix\n1. *rotate* it\n2. use __vaults__ and ``a`b``'} />);
    const heading = container.querySelector('[role="heading"]');
    assert.equal(heading?.getAttribute('aria-level'), '4');
    assert.equal(text(heading!), 'How to fix');
    assert.equal(container.querySelectorAll('ol li').length, 2);
    assert.equal(container.querySelector('em')?.textContent, 'rotate');
    assert.equal(container.querySelector('strong')?.textContent, 'vaults');
    assert.equal(container.querySelector('code')?.textContent, 'a`b');
    assert.ok(container.querySelector('.palisade-markdown.x'));
  });

  it('splits blocks: paragraphs joined across lines, list continuations, unterminated fences', () => {
    assert.deepEqual(parseBlocks('one\ntwo\n\nthree'), [{ type: 'paragraph', text: 'one two' }, { type: 'paragraph', text: 'three' }]);
    assert.deepEqual(parseBlocks('- item\n  goes on\n- next'), [{ type: 'list', ordered: false, items: ['item goes on', 'next'] }]);
    assert.deepEqual(parseBlocks('- a\n1. b'), [{ type: 'list', ordered: false, items: ['a'] }, { type: 'list', ordered: true, items: ['b'] }]);
    assert.deepEqual(parseBlocks('~~~\nx\r\ny'), [{ type: 'code', text: 'x\ny' }]);
    assert.deepEqual(parseBlocks('### Title ###'), [{ type: 'heading', level: 3, text: 'Title' }]);
  });
});
