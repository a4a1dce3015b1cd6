import assert from 'node:assert/strict';
import type { Finding, ScanResult } from '../../../tasks/contract/findings';
import { dependencyPreview, gateFindings, incompleteReason, printable, progressPrinter, renderRulesTable, renderTable, scanCount, summaryLine, ADVISORY_RULES_ROW } from '../../../tasks/cli/output';
import { finding } from '../../support/taskFakes';

function result(findings: Finding[], over: Partial<ScanResult> = {}): ScanResult {
  return {
    root: '/r', findings, skipped: [], diagnostics: [], rules: [{ id: 'rule-a', kind: 'secret', title: 'GitHub token', description: '', severity: 'high', cwe: ['CWE-798'], helpText: '', helpMarkdown: '', tags: [] }],
    stats: { filesScanned: 3, bytesScanned: 1048576 * 2.5, filesSkipped: 0, durationMs: 1234, workers: 0 }, toolVersion: '1', ...over,
  };
}

describe('cli/output', () => {
  it('replaces control characters so scanned text cannot drive the terminal', () => {
    assert.equal(printable('a\x1b[31mb\r\n\x7f\u0085c'), 'a?[31mb????c');
  });

  it('renders one row per finding with the rule title, location and preview', () => {
    const out = renderTable(result([finding('f1'), finding('f2', { ruleId: 'other', message: 'Own message', suppression: { kind: 'inSource' } })]), { color: false });
    const lines = out.trimEnd().split('\n');
    assert.match(lines[0], /^SEVERITY\s+RULE\s+LOCATION\s+TITLE\s+PREVIEW$/);
    assert.match(lines[2], /^high\s+rule-a\s+src\/a\.js:3:5\s+GitHub token\s+ghp_\*\*\*\*$/);
    assert.match(lines[3], /^high \(suppressed\)\s+other\s+src\/a\.js:3:5\s+Own message/);
    assert.equal(renderTable(result([]), { color: false }), 'No findings.\n');
  });

  it('says when a finding sits in a test or example path (its severity lowered there by default)', () => {
    const out = renderTable(result([finding('f1', { properties: { context: 'example', ruleSeverity: 'critical' } }), finding('f2', { properties: { context: 'test' }, suppression: { kind: 'baseline' } }), finding('f3', { properties: { context: 'prod' } })]), { color: false });
    const lines = out.trimEnd().split('\n');
    assert.match(lines[2], /^high \(example\)\s+rule-a/);
    assert.match(lines[3], /^high \(test\) \(suppressed\)\s+rule-a/);
    assert.match(lines[4], /^high\s+rule-a/);
  });

  it('says when a finding is shown lower for doubt: a filler, a failed checksum', () => {
    const out = renderTable(result([finding('f1', { severity: 'low', properties: { confidence: 'low' } }), finding('f2', { properties: { checksum: 'invalid', context: 'test' } }), finding('f3', { properties: { checksum: 'valid' } })]), { color: false });
    const lines = out.trimEnd().split('\n');
    assert.match(lines[2], /^low \(filler\)\s+rule-a/);
    assert.match(lines[3], /^high \(bad checksum\) \(test\)\s+rule-a/);
    assert.match(lines[4], /^high\s+rule-a/);
  });

  it('colours rows by severity, suppressed ones dim', () => {
    const out = renderTable(result([finding('f1', { severity: 'critical' }), finding('f2', { suppression: { kind: 'baseline' } })]), { color: true });
    assert.ok(out.includes('\x1b[1;31mcritical'));
    assert.ok(out.includes('\x1b[2mhigh (suppressed)'));
  });

  it('fits a narrow terminal by dropping the preview first and keeping line numbers', () => {
    const out = renderTable(result([finding('f1', { path: 'a/very/long/path/to/some/file/in/the/repo.js' })]), { color: false, width: 70 });
    assert.ok(!out.includes('PREVIEW'));
    assert.match(out, /repo\.js:3:5/);
  });

  it('previews a dependency finding with its fix and where it comes from', () => {
    const dep = finding('d', { kind: 'dependency', preview: 'qs@6.7.0', properties: { fixVersion: '6.7.3', majorUpgrade: true, advisories: [1, 2], introducedVia: 'express@4 > qs@6.7.0', dev: true } });
    assert.equal(dependencyPreview(dep), 'qs@6.7.0 -> 6.7.3 (major) [2 advisories] via express@4 > qs@6.7.0 [dev]');
    assert.equal(dependencyPreview(finding('d', { preview: 'x@1', properties: { fixedVersions: [] } })), 'x@1 (no fix)');
    assert.equal(dependencyPreview(finding('d', { preview: 'x@1' })), 'x@1');
  });

  it('renders the rules table, with the advisory rules row when asked', () => {
    const out = renderRulesTable(result([]).rules, { advisoryRules: true });
    assert.match(out, /rule-a\s+secret\s+high\s+CWE-798\s+GitHub token/);
    assert.ok(out.includes(ADVISORY_RULES_ROW[0]));
    assert.ok(!renderRulesTable(result([]).rules).includes(ADVISORY_RULES_ROW[0]));
  });

  it('summarises open counts by severity, suppressions, paths and the verdict', () => {
    const r = result([finding('a', { severity: 'critical' }), finding('b', { severity: 'low' }), finding('c', { suppression: { kind: 'inSource' } })], { skipped: [{ path: 'x.bin', reason: 'binary' }, { path: 'big', reason: 'too-large' }] });
    const line = summaryLine(r, 'high', gateFindings(r.findings, 'high'));
    assert.equal(line, 'palisade: 2 findings (1 critical, 1 low); 1 suppressed; 5 paths: 3 files scanned (2.5 MB), 2 skipped (1 binary, 1 too-large) in 1.23 s. FAILED: 1 finding at or above "high"');
    const ok = result([finding('b', { severity: 'low' })]);
    assert.match(summaryLine(ok, 'high', gateFindings(ok.findings, 'high')), /1 finding \(1 low\); 3 paths: 3 files scanned \(2\.5 MB\) in 1\.23 s\. passed \(fail-on: high\)$/);
  });

  it('never reads an incomplete scan as a pass', () => {
    const r = result([], { diagnostics: [{ level: 'error', scannerFailure: true, message: 'OSV down', path: 'package-lock.json', line: 2 }, { level: 'error', scannerFailure: true, message: 'x' }, { level: 'warning', message: 'not a failure' }] });
    assert.equal(incompleteReason(r), 'OSV down (package-lock.json:2) and 1 more scanner failure');
    assert.match(summaryLine(r, 'high', gateFindings([], 'high')), /INCOMPLETE \(not a pass\): OSV down/);
    const failing = { ...r, findings: [finding('a')] };
    assert.match(summaryLine(failing, 'high', gateFindings(failing.findings, 'high')), /FAILED: 1 finding at or above "high"; the scan is also incomplete: OSV down/);
    assert.equal(incompleteReason(result([])), undefined);
    assert.equal(scanCount(r), 3);
  });

  it('shows progress only after the delay, throttled, always the last update, and clears it', () => {
    let now = 0;
    const written: string[] = [];
    const p = progressPrinter({ write: (s: string) => written.push(s) } as unknown as NodeJS.WritableStream, 1000, () => now);
    p.update(1, 10);
    assert.deepEqual(written, [], 'quick scans print nothing');
    now = 1500;
    p.update(2, 10);
    now = 1550;
    p.update(3, 10);
    now = 1560;
    p.update(10, 10);
    p.done();
    assert.deepEqual(written, ['\rscanning: 2/10 paths', '\rscanning: 10/10 paths', '\r\x1b[K']);
    const quiet: string[] = [];
    const q = progressPrinter({ write: (s: string) => quiet.push(s) } as unknown as NodeJS.WritableStream, 1000, () => 0);
    q.update(1, 1);
    q.done();
    assert.deepEqual(quiet, [], 'nothing to clear');
  });
});
