import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Finding, RuleSummary } from '../../../../tasks/contract/findings';
import { loadBuiltinRules, parseConfigText, type PalisadeConfig } from '../../../../tasks/engine';
import type { ChangedFile, PrChanges } from '../../../../tasks/PalisadeScanV1/azure/prChanges';
import { TargetConfig, WEAKENED_RULE_ID } from '../../../../tasks/PalisadeScanV1/pr/targetConfig';
import { capturedLog, finding } from '../../../support/taskFakes';
import { makeTree, removeTree } from '../../../support/tmpTree';

const builtins = loadBuiltinRules();
const ids = new Set(builtins.map((r) => r.spec.id));
const RULE = builtins.find((r) => r.spec.kind === 'secret' && r.spec.enabled !== false)!.spec.id;
const HEAD_CONFIG = `# settings\nexcludes: []\nrules:\n  disable: [${RULE}]\n`;

function changes(files: ChangedFile[], base: Record<string, string>): PrChanges {
  return { source: 'rest', baseCommit: '0123456789abcdef0123', files, readBase: async (p) => (p in base ? Buffer.from(base[p]) : null) };
}

describe('pr/targetConfig', () => {
  let root: string;
  let head: PalisadeConfig;
  beforeEach(() => {
    root = makeTree({ '.palisade.yml': HEAD_CONFIG, 'src/a.js': 'x = 1;\n// palisade-ignore -- added here\ny = 2;\n', 'src/b.js': '// palisade-ignore\nz = 3;\n' });
    head = { ...parseConfigText(HEAD_CONFIG, ids, '.palisade.yml').config, path: join(root, '.palisade.yml') };
  });
  afterEach(() => removeTree(root));

  const input = (c: PrChanges | undefined, log = capturedLog().log) => ({ head, configPath: '.palisade.yml', changes: c, builtins, root, log });

  it('scans with the PR\'s configuration when the PR does not change it', async () => {
    const t = await TargetConfig.resolve(input(changes([{ path: 'src/a.js', basePath: 'src/a.js', change: 'edit' }], {})));
    assert.equal(t.config, head);
  });

  it('judges with the target branch\'s configuration when the PR changes it, and reports the weakening as a new finding', async () => {
    const { log, lines } = capturedLog();
    const c = changes([{ path: '.palisade.yml', basePath: '.palisade.yml', change: 'edit' }], { '.palisade.yml': 'excludes: []\n' });
    const t = await TargetConfig.resolve(input(c, log));
    assert.ok(!t.config.disable.includes(RULE), 'the rule the PR disables still runs');
    assert.equal(t.config.source, '.palisade.yml');
    const text = lines.join('\n');
    assert.match(text, /This pull request changes \.palisade\.yml; the gate uses the target branch's version \(0123456789ab\)/);
    assert.match(text, new RegExp(`task\\.logissue type=warning;\\]\\.palisade\\.yml: this pull request weakens the security scan: it .*${RULE}`));

    const findings: Finding[] = [];
    const rules: RuleSummary[] = [];
    const fresh = new Set<string>();
    const { notes } = await t.apply(findings, rules, fresh);
    assert.equal(findings.length, 1);
    const f = findings[0];
    assert.deepEqual([f.ruleId, f.severity, f.path, f.region.startLine], [WEAKENED_RULE_ID, 'high', '.palisade.yml', 4]);
    assert.ok(fresh.has(f.fingerprint), 'counted as new in this PR');
    assert.deepEqual(rules.map((r) => r.id), [WEAKENED_RULE_ID]);
    assert.ok(notes.some((n) => n.startsWith('This pull request weakens the security scan')));
    await t.apply([], rules, undefined);
    assert.equal(rules.length, 1, 'the rule is described once');
  });

  it('uses built-in defaults (plus only stricter parts) when the PR\'s changes are unknown', async () => {
    const { log, lines } = capturedLog();
    const t = await TargetConfig.resolve(input(undefined, log));
    assert.ok(!t.config.disable.includes(RULE));
    assert.match(lines.join('\n'), /Could not read \.palisade\.yml at the merge base; scanning with the built-in defaults/);
  });

  it('makes findings count again that only a palisade-ignore added by the PR would hide', async () => {
    const { log, lines } = capturedLog();
    const c = changes(
      [{ path: 'src/a.js', basePath: 'src/a.js', change: 'edit' }, { path: 'src/b.js', basePath: 'src/b.js', change: 'edit' }, { path: 'gone.js', basePath: 'gone.js', change: 'delete' }],
      { 'src/a.js': 'x = 1;\ny = 2;\n', 'src/b.js': '// palisade-ignore\nz = 3;\n' },
    );
    const t = await TargetConfig.resolve(input(c, log));
    const findings = [
      finding('f1', { path: 'src/a.js', region: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 2 }, suppression: { kind: 'inSource', justification: 'added here' } }),
      finding('f2', { path: 'src/b.js', region: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 2 }, suppression: { kind: 'inSource' } }),
    ];
    const r = await t.apply(findings, [], new Set());
    assert.equal(findings[0].suppression, undefined, 'the new comment does not silence until merged');
    assert.deepEqual(findings[1].suppression, { kind: 'inSource' }, 'a comment already on the target branch still counts');
    assert.deepEqual(r.notes, ['1 new palisade-ignore comment in this pull request (they count once merged): src/a.js:2']);
    assert.equal(r.statusNote, '1 new palisade-ignore comment');
    assert.match(lines.join('\n'), /1 finding they would hide still counts\./);
  });

  it('honours inline suppressions, with a warning, when the PR\'s changes are unknown', async () => {
    const { log, lines } = capturedLog();
    const t = await TargetConfig.resolve(input(undefined, log));
    const findings = [finding('f', { suppression: { kind: 'inSource' } })];
    const r = await t.apply(findings, [], undefined);
    assert.deepEqual(findings[0].suppression, { kind: 'inSource' });
    assert.equal(r.statusNote, undefined);
    assert.match(lines.join('\n'), /changes are unknown, so palisade-ignore comments it may have added cannot be told apart; they are honoured/);
  });
});
