import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { EMPTY_CONFIG } from '../../../../tasks/engine/config/palisadeConfig';
import { loadBuiltinRules } from '../../../../tasks/engine/ruleset/ruleLoader';
import { activeRules } from '../../../../tasks/engine/run/ruleSet';
import { batchSummaries, detachedBatch, emptyBatch, mergeBatch, packSummaries, scanFileBatchAsync } from '../../../../tasks/engine/run/fileBatch';
import { treeNames } from '../../../../tasks/engine/run/crossFile';
import { scanWithPool } from '../../../../tasks/engine/run/scanPool';
import { walk } from '../../../../tasks/engine/run/walker';
import { FAKE, makeTree, removeTree } from '../../../support/tmpTree';

describe('run/fileBatch', () => {
  const builtins = loadBuiltinRules();
  const rules = activeRules(builtins, EMPTY_CONFIG);
  const known = new Set(builtins.map((r) => r.spec.id));
  // A PKCS#12 file starts with a DER sequence: binary, with NUL bytes early on.
  const pfx = Buffer.from([0x30, 0x82, 0x0a, 0x1c, 0x02, 0x01, 0x03, 0x30, 0x82, 0x09, 0xe2, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x00, 0x00, 0x01]);
  let root = '';
  afterEach(() => removeTree(root));

  const tree = () =>
    makeTree({
      'App.UWP/App.UWP_TemporaryKey.pfx': pfx,
      'certs/client.P12': pfx,
      'certs/client.pfx.gpg': pfx,
      'src/config.ts': `export const token = "${FAKE.githubPat}";\n`,
      'docs/export-a.pfx.md': 'How to export a .pfx file from the certificate store.\n',
    });

  it('detachedBatch: an equal result, with none of its strings or objects shared', async () => {
    root = tree();
    const files = walk({ root, excludes: [], maxFileSize: 1 << 20 }).files;
    const r = await scanFileBatchAsync(files, rules.detector, known, true, rules.code);
    const copy = detachedBatch(r);
    assert.deepEqual(copy, r);
    assert.ok(r.findings.length > 0 && copy.findings[0] !== r.findings[0] && copy.findings !== r.findings);
  });

  it('detachedBatch: the copy keeps no scanned text alive through strings cut from it', () => {
    // In V8 a string cut from a larger one is a view of it: a preview, a function's key or a
    // secret kept from a file would keep the file's whole text. A fresh process, to compare its
    // heap after full GCs (two each time, swept at once) with the original result held and let go.
    const script = `
      const { detachedBatch } = require(${JSON.stringify(require.resolve('../../../../tasks/engine/run/fileBatch'))});
      let text = '/' + '/ ' + 'x'.repeat(8e6) + '\\nexec(req.query.command);\\nfunction runCommandWithArguments() {}\\n';
      const at = (s) => text.slice(text.indexOf(s), text.indexOf(s) + s.length);
      let batch = { findings: [{ ruleId: 'r', preview: at('exec(req.query.command)') }], skipped: [], diagnostics: [], secrets: [at('req.query.command')], filesScanned: 1, bytesScanned: text.length, oversized: [],
        summaries: [{ path: 'a.js', defs: [{ key: 'js:a:' + at('runCommandWithArguments'), start: 0, params: 0, self: false }], calls: [] }] };
      text = undefined;
      const copy = detachedBatch(batch);
      gc(); gc();
      const held = process.memoryUsage().heapUsed;
      batch = undefined;
      gc(); gc();
      process.stdout.write(JSON.stringify({ freed: held - process.memoryUsage().heapUsed, preview: copy.findings[0].preview, key: copy.summaries[0].defs[0].key }));`;
    const out = JSON.parse(execFileSync(process.execPath, ['--expose-gc', '--single-threaded-gc', '-e', script], { encoding: 'utf8' })) as { freed: number; preview: string; key: string };
    assert.equal(out.preview, 'exec(req.query.command)');
    assert.equal(out.key, 'js:a:runCommandWithArguments');
    // The 8 MB text goes with the original result: the copy does not hold it.
    assert.ok(out.freed > 7e6, `letting the original go freed ${out.freed} bytes`);
  });

  it('packSummaries: summaries kept as bytes, read back whole and in the order merged', () => {
    const summary = (path: string) => ({ path, defs: [{ key: `js:${path}:f`, start: 0, params: 1, self: false }], calls: [] });
    const a = { ...emptyBatch(), filesScanned: 2, summaries: [summary('a.js'), summary('b.js')] };
    const packed = packSummaries(a);
    assert.deepEqual(packed.summaries, []);
    assert.equal(packed.summaryPacks.length, 1);
    assert.ok(packed.summaryPacks[0] instanceof Uint8Array);
    assert.equal(packed.filesScanned, 2);
    // A result without summaries is left as it is (no pack of nothing).
    const none = emptyBatch();
    assert.equal(packSummaries(none), none);
    const total = emptyBatch();
    mergeBatch(total, { ...emptyBatch(), summaries: [summary('x.js')] });
    mergeBatch(total, packed);
    mergeBatch(total, packSummaries({ ...emptyBatch(), summaries: [summary('c.js')] }));
    assert.deepEqual(batchSummaries(total).map((s) => s.path), ['x.js', 'a.js', 'b.js', 'c.js']);
    assert.deepEqual(batchSummaries(total)[1], summary('a.js'));
  });

  it('a scan of many batches keeps its summaries as bytes until the join, on every thread', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`src/m${i}.js`] = `const lib = require('./m${(i + 1) % 300}');\nexports.run${i} = function (req) { return lib.run${(i + 1) % 300}(req.query.q); };\n`;
    root = makeTree(files);
    const listed = walk({ root, excludes: [], maxFileSize: 1 << 20 }).files;
    const withNames = activeRules(builtins, EMPTY_CONFIG);
    withNames.code.crossFile = { names: treeNames(listed) };
    for (const workers of [1, 2]) {
      const r = await scanWithPool(listed, withNames, { workers, collectSecrets: false, knownRuleIds: known });
      assert.deepEqual(r.summaries, [], `${workers} thread(s): no summary held as objects`);
      assert.ok(r.summaryPacks.length > 1, `${workers} thread(s): ${r.summaryPacks.length} packs`);
      assert.deepEqual(batchSummaries(r).map((s) => s.path).sort(), listed.map((f) => f.path).sort());
    }
  });

  it('reports committed key stores by name, though their bytes are binary and never read as text', async () => {
    root = tree();
    const files = walk({ root, excludes: [], maxFileSize: 1 << 20 }).files;
    const r = await scanFileBatchAsync(files, rules.detector, known, true, rules.code);
    const stores = r.findings.filter((f) => f.ruleId === 'pkcs12-key-store').map((f) => [f.path, f.region.startLine, f.preview]).sort();
    assert.deepEqual(stores, [
      ['App.UWP/App.UWP_TemporaryKey.pfx', 1, '(file) App.UWP_TemporaryKey.pfx'],
      ['certs/client.P12', 1, '(file) client.P12'],
    ]);
    // Still skipped as binary for content rules; the encrypted copy and the how-to are not stores.
    assert.deepEqual(r.skipped.map((s) => [s.path, s.reason]).sort(), [
      ['App.UWP/App.UWP_TemporaryKey.pfx', 'binary'],
      ['certs/client.P12', 'binary'],
      ['certs/client.pfx.gpg', 'binary'],
    ]);
    assert.ok(r.findings.filter((f) => f.ruleId === 'pkcs12-key-store').every((f) => f.properties?.wholeFile === true), 'PR threads go on the file');
    assert.ok(r.findings.some((f) => f.path === 'src/config.ts'), 'content rules run as before');
    assert.deepEqual(r.secrets, [FAKE.githubPat], 'a path is not a secret value: nothing else goes to setsecret');
  });

  it('finds them the same on worker threads, and not when the rule is disabled', async () => {
    root = tree();
    const files = walk({ root, excludes: [], maxFileSize: 1 << 20 }).files;
    const threads = await scanWithPool(files, rules, { workers: 2, collectSecrets: true, knownRuleIds: known, mainThreadScans: false });
    assert.equal(threads.findings.filter((f) => f.ruleId === 'pkcs12-key-store').length, 2);
    const off = activeRules(builtins, { ...EMPTY_CONFIG, disable: ['pkcs12-key-store'] });
    const r = await scanFileBatchAsync(files, off.detector, known, true, off.code);
    assert.equal(r.findings.filter((f) => f.ruleId === 'pkcs12-key-store').length, 0);
  });

  it('without secret rules (a code-only scan) still reports a suppression naming an unknown rule, and the code findings', async () => {
    root = makeTree({
      'src/a.js': "// palisade-ignore no-such-rule -- reason\nconst cp = require('child_process');\napp.get('/', (req, res) => cp.exec(req.query.c));\n",
      'src/b.js': "const cp = require('child_process');\napp.get('/', (req, res) => cp.exec(req.query.c));\n",
    });
    const files = walk({ root, excludes: [], maxFileSize: 1 << 20 }).files;
    const codeOnly = activeRules(builtins, { ...EMPTY_CONFIG, disable: builtins.filter((b) => b.spec.kind !== 'code').map((b) => b.spec.id) });
    assert.equal(codeOnly.detector.rules.length, 0);
    const r = await scanFileBatchAsync(files, codeOnly.detector, known, false, codeOnly.code);
    assert.deepEqual(r.diagnostics.filter((d) => /unknown rule id "no-such-rule"/.test(d.message)).map((d) => [d.path, d.line]), [['src/a.js', 1]]);
    assert.deepEqual(r.findings.map((f) => [f.ruleId, f.path]).sort(), [['js-command-injection', 'src/a.js'], ['js-command-injection', 'src/b.js']]);
  });
});
