import assert from 'node:assert/strict';
import type { Finding } from '../../../../tasks/contract/findings';
import { threadBody, threadContext } from '../../../../tasks/PalisadeScanV1/azure/prFeedback';

const external = (message: string, path = 'src/a.js'): Finding => ({
  ruleId: 'other-tool/R1',
  kind: 'external',
  severity: 'high',
  message,
  path,
  region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 },
  preview: message.slice(0, 120),
  fingerprint: 'f'.repeat(64),
});

/** A code span as markdownCode writes it: a fence, a space, the text, a space, the same fence. */
const CODE_SPAN = /(`+) [^\n]*? \1(?!`)/g;

/** The body with our own fixed parts removed: what is left came from the finding. */
function untrustedParts(body: string): string {
  return body.replace(/\[open in the Security hub\]\(https:\/\/hub\)/, '').replace(/<\/?sub>/g, '');
}

describe('prFeedback: a PR comment cannot be steered by another tool\'s text', () => {
  it('keeps a message with blank lines, backticks, links, HTML and mentions inside a code block', () => {
    const msg = 'ok\n\n```\n[click](https://evil) ![i](https://evil/x.png) <b>x</b> @alice\u202Efdp';
    const body = threadBody(external(msg), { id: 'other-tool/R1', kind: 'external', title: 'Title [x](https://evil)', description: '', severity: 'high', cwe: [], helpText: '', helpMarkdown: '', tags: [] }, 'https://hub');
    const lines = body.split('\n');
    const open = lines.findIndex((l) => /^`{3,}text$/.test(l));
    assert.ok(open > 0, body);
    const fence = lines[open].replace('text', '');
    assert.equal(lines[open + 2], fence, 'the block closes right after the one-line message');
    assert.ok(fence.length > 3, 'longer than the backtick run inside');
    assert.equal(lines[open + 1], 'ok ``` [click](https://evil) ![i](https://evil/x.png) <b>x</b> @alice<U+202E>fdp');
    const outside = untrustedParts(lines.filter((_, i) => i < open || i > open + 2).join('\n'));
    assert.ok(!/\]\(/.test(outside.replace(CODE_SPAN, '')), `no link outside code: ${outside}`);
    assert.ok(!/<[a-z]/i.test(outside.replace(CODE_SPAN, '')), 'no HTML outside code');
    assert.match(body, /^\*\*Palisade:\*\* Title \\\[x\\\]\\\(https\\:\u200B\/\/evil\\\) \(high\)/);
  });

  it('puts the preview and rule id in code spans longer than their backtick runs', () => {
    const body = threadBody(external('a ``` b'), undefined, 'https://hub');
    assert.match(body, /Matched: ```` a ``` b ```` · rule ` other-tool\/R1 `/);
  });
});

describe('prFeedback: a code finding\'s thread says where its input comes from', () => {
  const at = (line: number) => ({ startLine: line, startColumn: 1, endLine: line, endColumn: 5 });
  const code = (flow?: Finding['flow']): Finding => ({ ...external('SQL built from request input'), ruleId: 'js-sql-injection', kind: 'code', preview: 'db.query(sql)', region: at(14), ...(flow ? { flow } : {}) });

  it('names the source and the sink with their lines, in code spans, and counts the steps between', () => {
    const body = threadBody(code([{ region: at(10), preview: 'req.query[`q`] [x](https://evil)' }, { region: at(12), preview: 'sql = "x" + q' }, { region: at(14), preview: 'db.query(sql)' }]), undefined, 'https://hub');
    const line = body.split('\n').find((l) => l.startsWith('Input from '));
    assert.ok(line, body);
    assert.match(line, /^Input from (`+) req\.query\[`q`\] \[x\]\(https:\/\/evil\) \1 \(line 10\) reaches ` db\.query\(sql\) ` \(line 14\), through 1 step\.$/);
    assert.equal(untrustedParts(line).replace(CODE_SPAN, '').includes('https://evil'), false, 'the link stays inside a code span');
  });

  it('names the file of a source in another file', () => {
    const body = threadBody(code([{ path: 'src/app.js', region: at(8), preview: 'req.query.q' }, { region: at(14), preview: 'db.query(sql)' }]), undefined, 'https://hub');
    assert.match(body, /Input from ` req\.query\.q ` \(` src\/app\.js ` line 8\) reaches ` db\.query\(sql\) ` \(line 14\)\./);
  });

  it('says nothing of a flow when the finding has none', () => {
    assert.ok(!threadBody(code(), undefined, 'https://hub').includes('Input from'));
  });
});

describe('prFeedback: where a thread sits', () => {
  it('on the finding\'s lines, or on the whole file for a finding about the file itself', () => {
    const onLines = { ...external('x'), region: { startLine: 4, startColumn: 2, endLine: 5, endColumn: 9 } };
    assert.deepEqual(threadContext(onLines, '/src/a.js'), { filePath: '/src/a.js', rightFileStart: { line: 4, offset: 2 }, rightFileEnd: { line: 5, offset: 9 } });
    const keyStore: Finding = { ...external('x', 'certs/app.pfx'), kind: 'secret', ruleId: 'pkcs12-key-store', properties: { wholeFile: true } };
    assert.deepEqual(threadContext(keyStore, '/certs/app.pfx'), { filePath: '/certs/app.pfx' });
  });
});

describe('prFeedback: where a finding sits', () => {
  const secret = (properties?: Record<string, unknown>): Finding => ({ ...external('GitHub token found'), kind: 'secret', ruleId: 'github-pat-classic', severity: 'high', ...(properties ? { properties } : {}) });
  it('says a finding sits in a test or example path, and under which rule severity', () => {
    assert.match(threadBody(secret({ context: 'example', ruleSeverity: 'critical' }), undefined, 'https://hub'), /^\*\*Palisade:\*\* .+ \(high: in an example path, one step under the rule's critical\)$/m);
    assert.match(threadBody(secret({ context: 'test' }), undefined, 'https://hub'), /^\*\*Palisade:\*\* .+ \(high: in a test path\)$/m);
    assert.match(threadBody(secret(), undefined, 'https://hub'), /^\*\*Palisade:\*\* .+ \(high\)$/m);
    assert.match(threadBody(secret({ context: 'test', ruleSeverity: '<b>x</b>' }), undefined, 'https://hub'), /\(high: in a test path\)$/m);
  });
});
