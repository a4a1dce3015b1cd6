import assert from 'node:assert/strict';
import { parseSarif } from '../../../../hub/shared/data/sarifFindings';
import { toSarif } from '../../../../tasks/engine';
import type { Finding, FindingKind, RuleSummary, ScanResult } from '../../../../tasks/contract/findings';

function finding(ruleId: string, kind: FindingKind): Finding {
  return { ruleId, kind, severity: 'high', message: `${ruleId} found`, path: 'a.js', region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 }, preview: '****', fingerprint: `fp-${ruleId}` };
}
function rule(id: string, kind: FindingKind): RuleSummary {
  return { id, kind, title: id, description: id, severity: 'high', cwe: ['CWE-1'], helpText: id, helpMarkdown: id, tags: [] };
}

describe('findings read from a SARIF artifact carry their real kind', () => {
  const findings = [finding('github-pat', 'secret'), finding('js-weak-hash', 'code'), finding('osv.ghsa-hrpp-h998-j3pp', 'dependency'), finding('trivy/CVE-2024-1', 'external')];
  const result: ScanResult = {
    root: '/r', findings, skipped: [], diagnostics: [], toolVersion: 't',
    stats: { filesScanned: 1, bytesScanned: 1, filesSkipped: 0, durationMs: 1, workers: 1 },
    rules: [rule('github-pat', 'secret'), rule('js-weak-hash', 'code'), rule('osv.ghsa-hrpp-h998-j3pp', 'dependency')],
  };
  const kinds = (log: object) => Object.fromEntries(parseSarif(JSON.stringify(log), '2025-01-01T00:00:00Z').findings.map((f) => [f.ruleId, f.kind]));
  const expected = { 'github-pat': 'secret', 'js-weak-hash': 'code', 'osv.ghsa-hrpp-h998-j3pp': 'dependency', 'trivy/CVE-2024-1': 'external' };

  it('from Palisade\'s own SARIF', () => {
    assert.deepEqual(kinds(toSarif(result)), expected);
  });

  it('from an older Palisade SARIF whose results do not say their kind (their rules\' tags and ids do)', () => {
    const log = toSarif(result) as unknown as { runs: { results: { properties: Record<string, unknown> }[] }[] };
    for (const r of log.runs[0].results) delete r.properties.kind;
    const got = kinds(log);
    assert.equal(got['github-pat'], 'secret');
    assert.equal(got['js-weak-hash'], 'code');
    assert.equal(got['osv.ghsa-hrpp-h998-j3pp'], 'dependency');
  });

  it('another tool\'s result is external, whatever kind it claims', () => {
    const log = { version: '2.1.0', runs: [{ tool: { driver: { name: 'Gitleaks', rules: [{ id: 'aws', properties: { tags: ['secret'] } }] } }, results: [{ ruleId: 'aws', message: { text: 'x' }, properties: { kind: 'code' } }] }] };
    assert.deepEqual(Object.values(kinds(log)), ['external']);
  });
});

describe('hub SARIF fallback', () => {
  const sarif = (results: unknown[], rules: unknown[] = []) => JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'OtherTool', rules } }, results }] });

  it('maps results to findings without taking code snippets', () => {
    const parsed = parseSarif(sarif([
      { ruleId: 'r', level: 'error', message: { text: 'bad <b>thing</b>' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'src/a%20b.js' }, region: { startLine: 7, snippet: { text: 'password=hunter2' } } } }] },
    ], [{ id: 'r', shortDescription: { text: 'Rule R' }, help: { markdown: '**fix** it' }, properties: { 'security-severity': '9.1', tags: ['external/cwe/cwe-79'] } }]), '2025-01-01T00:00:00Z');
    assert.equal(parsed.findings.length, 1);
    const f = parsed.findings[0];
    assert.equal(f.severity, 'critical');
    assert.equal(f.kind, 'external');
    assert.equal(f.path, 'src/a b.js');
    assert.equal(f.region.startLine, 7);
    assert.equal(f.preview, '', 'no snippet from another tool');
    assert.ok(!JSON.stringify(parsed).includes('hunter2'));
    assert.match(f.fingerprint, /^sarif-/);
    assert.deepEqual(parsed.rules.get('r')?.cwe, ['CWE-79']);
  });

  it('refuses what is not SARIF', () => {
    assert.throws(() => parseSarif('{nope', 'x'), /not valid JSON/);
    assert.throws(() => parseSarif('{"runs": []}', 'x'), /no runs/);
  });
});
