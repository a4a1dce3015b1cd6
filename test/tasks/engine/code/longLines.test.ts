import assert from 'node:assert/strict';
import { MINIFIED_CODE_LIMIT } from '../../../../tasks/engine/code/codeRules';
import { scan } from '../../../../tasks/engine/index';
import { makeTree, removeTree } from '../../../support/tmpTree';

describe('code scanning of long lines', () => {
  let root = '';
  afterEach(() => root && removeTree(root));

  const unit = 'function handler(req) { var a = [1, 2, 3].map(function (x) { return x * 2; }); } ';
  const oneLine = (chars: number, tail: string): string => unit.repeat(Math.ceil(chars / unit.length)) + tail + '\n';

  it('checks code written on a single 5,000-character line (it used to pass as minified)', async function () {
    this.timeout(30_000);
    const bad = 'function run(req) { eval(req.query.code); }';
    root = makeTree({ 'short.js': `${bad}\n`, 'long.js': oneLine(5000, bad), 'mb.js': oneLine(MINIFIED_CODE_LIMIT - 1000, bad) });
    const r = await scan({ root, scanners: ['code'] });
    const found = (path: string) => r.findings.filter((f) => f.path === path).map((f) => f.ruleId);
    assert.ok(found('short.js').length > 0, 'the rule reports the short form');
    assert.deepEqual(found('long.js'), found('short.js'), 'the same findings on one long line');
    assert.deepEqual(found('mb.js'), found('short.js'), 'and on a long line just under the limit');
    assert.deepEqual(r.diagnostics, []);
  });

  it('reports, by file and reason, a minified file too large to check, instead of skipping it silently', async function () {
    this.timeout(30_000);
    root = makeTree({ 'dist/app.js': oneLine(MINIFIED_CODE_LIMIT + 1000, 'eval(location.hash);') });
    const r = await scan({ root, scanners: ['code'] });
    assert.deepEqual(r.diagnostics.map((d) => [d.level, d.path]), [['warning', 'dist/app.js']]);
    assert.match(r.diagnostics[0].message, new RegExp(`code rules could not check this file: it looks minified or generated \\(\\d+ characters in very long lines\\); such files are checked only up to ${MINIFIED_CODE_LIMIT} characters`));
  });
});
