import assert from 'node:assert/strict';
import { join } from 'node:path';
import { EMPTY_CONFIG, loadBuiltinRules } from '../../../../tasks/engine';
import { readInputs } from '../../../../tasks/PalisadeScanV1/context/inputs';
import { maskStrings, runScan, type ScanStepHost, type ScanStepInput } from '../../../../tasks/PalisadeScanV1/steps/scanStep';
import { capturedLog } from '../../../support/taskFakes';
import { FAKE, makeTree, removeTree } from '../../../support/tmpTree';

const builtins = loadBuiltinRules();

function sarif(message: string): string {
  return JSON.stringify({
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'OtherTool', rules: [{ id: 'OT001', shortDescription: { text: 'Other rule' } }] } },
      results: [{ ruleId: 'OT001', level: 'error', message: { text: message }, locations: [{ physicalLocation: { artifactLocation: { uri: 'src/a.js' }, region: { startLine: 1 } } }] }],
    }],
  });
}

describe('steps/scanStep', () => {
  let root: string;
  beforeEach(() => {
    root = makeTree({ 'src/a.js': `const t = "${FAKE.githubPat}";\n`, 'other.sarif': sarif(`leaked ${FAKE.githubPat}`), 'empty.sarif': '{"version":"2.1.0","runs":[]}' });
  });
  afterEach(() => {
    removeTree(root);
  });

  function setup(inputs: Record<string, string> = {}, over: Partial<ScanStepInput> = {}) {
    const { log, lines } = capturedLog();
    const found: string[][] = [];
    const host: ScanStepHost = {
      log,
      variable: (n) => (n === 'System.DefaultWorkingDirectory' ? root : undefined),
      proxy: () => null,
      findFiles: (dir, patterns) => {
        found.push([dir, ...patterns]);
        return patterns.map((p) => join(dir, p));
      },
    };
    const input: ScanStepInput = {
      root, inputs: readInputs({ get: (n) => inputs[n] }, root), scanners: ['secrets', 'code'], excludes: [], config: EMPTY_CONFIG, builtins, cleanups: [], ...over,
    };
    return { host, input, lines, found };
  }

  it('scans the root, registers every secret for masking before anything prints, and drops the raw values', async () => {
    const { host, input, lines } = setup();
    const data = await runScan(host, input);
    assert.equal(data.scannerError, undefined);
    assert.ok(data.findings.some((f) => f.path === 'src/a.js' && f.kind === 'secret'));
    assert.equal(data.result?.secretValues, undefined);
    assert.ok(lines.some((l) => l.startsWith('##vso[task.setsecret]')));
    assert.equal(host.log.mask(`x ${FAKE.githubPat}`), 'x ***');
    assert.deepEqual(data.options.scanners, ['secrets', 'code']);
    assert.ok(data.rules.length > 0);
  });

  it('scans only the given paths', async () => {
    const { host, input } = setup({}, { paths: ['other.sarif'] });
    const data = await runScan(host, input);
    assert.equal(data.result?.stats.filesScanned, 1);
  });

  it('merges other tools\' SARIF, masked, and warns when the patterns match nothing', async () => {
    const { host, input, lines, found } = setup({ additionalSarif: 'other.sarif\nempty.sarif' });
    const data = await runScan(host, input);
    assert.deepEqual(found, [[root, 'other.sarif', 'empty.sarif']]);
    const other = data.findings.filter((f) => f.ruleId.includes('OT001'));
    assert.equal(other.length, 1);
    assert.ok(!JSON.stringify(other).includes(FAKE.githubPat), 'a secret this scan found is masked in imported text');
    assert.ok(data.rules.some((r) => r.id.includes('OT001')));
    assert.ok(lines.includes('Merged 1 findings from other.sarif.'));

    const none = setup({ additionalSarif: 'x.sarif' });
    none.host.findFiles = () => [];
    await runScan(none.host, none.input);
    assert.match(none.lines.join('\n'), /additionalSarif matched no files \(x\.sarif\)/);
  });

  it('warns of a pattern of the excludes input that excluded nothing (not of the configuration\'s, nor in a scan of changed files)', async () => {
    const inputs = { excludes: 'src/a.js\nmissing/\n!keep.js', path: root };
    const config = { ...EMPTY_CONFIG, excludes: ['also-missing/'] };
    const { host, input, lines } = setup(inputs, { excludes: ['missing/', 'src/a.js', '!keep.js', 'admin-missing/'], config });
    await runScan(host, input);
    const warnings = lines.filter((l) => l.includes('excluded nothing'));
    assert.equal(warnings.length, 1, lines.join('\n'));
    assert.match(warnings[0], /^##vso\[task\.logissue type=warning;\]excludes: "missing\/" excluded nothing: no path the scan reached in the folder scanned matches it \(patterns are relative to the path input, /);
    const diff = setup(inputs, { excludes: ['missing/'], paths: ['src/a.js'] });
    await runScan(diff.host, diff.input);
    assert.ok(!diff.lines.some((l) => l.includes('excluded nothing')));
  });

  it('reports an unreadable SARIF file as a diagnostic, not a failure', async () => {
    const { host, input } = setup({ additionalSarif: 'missing.sarif' });
    const data = await runScan(host, input);
    assert.equal(data.scannerError, undefined);
    assert.ok(data.diagnostics.some((d) => d.path === 'missing.sarif' && /could not be read .*it was not merged/.test(d.message)));
  });

  it('turns a scan that throws into a scanner error, keeping the rule list', async () => {
    const { host, input } = setup({}, { root: join(root, 'does-not-exist') });
    const data = await runScan(host, input);
    assert.match(data.scannerError ?? '', /^The scan failed: /);
    assert.equal(data.result, undefined);
    assert.deepEqual(data.findings, []);
    assert.ok(data.rules.length > 0, 'the rules are still described');
  });

  it('masks every string of plain data, leaving other values and the original alone', () => {
    const v = { a: 'has KEY', b: ['KEY', 1, null, { c: 'KEY KEY' }], d: true };
    const m = maskStrings(v, (t) => t.replace(/KEY/g, '***'));
    assert.deepEqual(m, { a: 'has ***', b: ['***', 1, null, { c: '*** ***' }], d: true });
    assert.equal(v.a, 'has KEY');
  });
});
