import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv04 from 'ajv-draft-04';
import { scan } from '../../../../tasks/engine/index';
import { toSarif, type SarifLog } from '../../../../tasks/engine/sarif/sarifExport';
import { writeBaseline, readBaseline } from '../../../../tasks/engine/findings/baseline';
import { requireShared } from '../../../support/paths';
import { FAKE, makeTree, removeTree } from '../../../support/tmpTree';

describe('SARIF 2.1.0 output', () => {
  let root: string;
  let log: SarifLog;

  before(async () => {
    root = makeTree({
      'src/app config.js': `const t = "${FAKE.githubPat}";\n// palisade-ignore -- demo value\nconst p = { password: "${FAKE.password}" };\n`,
      'b.env': `TOKEN=${FAKE.githubPat2}\n`,
    });
    const first = await scan({ root });
    writeBaseline(join(root, 'baseline.json'), first.findings.filter((f) => f.path === 'b.env'));
    log = toSarif(await scan({ root, baseline: readBaseline(join(root, 'baseline.json')) }), { baselineApplied: true });
  });
  after(() => removeTree(root));

  it('validates against the SARIF 2.1.0 JSON schema', function () {
    const schemaPath = requireShared(this, 'schemas', 'sarif-schema-2.1.0.json');
    const ajv = new Ajv04({ allErrors: true, strict: false, validateFormats: false });
    const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  });

  it('passes @microsoft/sarif-multitool validate without errors', function () {
    // The package exports the path of its native binary; call it without a shell.
    let bin = '';
    try {
      bin = require('@microsoft/sarif-multitool') as string;
    } catch {
      /* not installed */
    }
    if (!bin || !existsSync(bin)) {
      process.stdout.write('      [skipped: @microsoft/sarif-multitool is not installed]\n');
      this.skip();
    }
    const input = join(root, 'out.sarif');
    const output = join(root, 'validation.sarif');
    writeFileSync(input, JSON.stringify(log));
    const r = spawnSync(bin, ['validate', input, '-o', output, '--level', 'Error;Warning'], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const validation = JSON.parse(readFileSync(output, 'utf8')) as SarifLog;
    const all = validation.runs.flatMap((run) => run.results ?? []);
    const problems = all.filter((res) => res.level === 'error');
    if (all.length > problems.length) process.stdout.write(`      [sarif-multitool: ${all.length - problems.length} warnings]\n`);
    assert.deepEqual(problems.map((p) => `${p.ruleId}: ${JSON.stringify(p.message)}`), []);
  });

  it('describes rules with tags, CWE, security-severity and help', () => {
    const rules = log.runs[0].tool.driver.rules;
    assert.ok(rules.length > 0);
    for (const r of rules) {
      assert.ok(r.properties.tags.includes('security'), r.id);
      assert.ok(r.properties.tags.some((t) => /^external\/cwe\/cwe-\d+$/.test(t)), r.id);
      assert.match(r.properties['security-severity'], /^\d+\.\d$/);
      assert.ok(r.help.text.length > 0 && r.help.markdown.length > 0, r.id);
      assert.ok(r.shortDescription.text && r.fullDescription.text, r.id);
    }
  });

  it('writes relative locations, fingerprints, suppressions and baseline state', () => {
    const results = log.runs[0].results;
    assert.equal(results.length, 3);
    for (const r of results) {
      const loc = (r.locations[0] as { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number } } }).physicalLocation;
      assert.equal(loc.artifactLocation.uriBaseId, 'SRCROOT');
      assert.ok(!loc.artifactLocation.uri.startsWith('/'));
      assert.match(r.partialFingerprints['palisade/v1'], /^[0-9a-f]{64}$/);
      assert.equal(log.runs[0].tool.driver.rules[r.ruleIndex!].id, r.ruleId);
    }
    const byUri = (u: string) => results.filter((r) => JSON.stringify(r.locations).includes(u));
    assert.equal(byUri('src/app%20config.js').length, 2);
    const suppressed = results.find((r) => r.suppressions?.[0].kind === 'inSource')!;
    assert.equal(suppressed.suppressions![0].justification, 'demo value');
    const baselined = byUri('b.env')[0];
    assert.equal(baselined.baselineState, 'unchanged');
    assert.equal(baselined.suppressions![0].kind, 'external');
    assert.ok(results.filter((r) => r.baselineState === 'new').length === 2);
  });

  it('never contains a raw secret', () => {
    const text = JSON.stringify(log);
    for (const s of [FAKE.githubPat, FAKE.githubPat2, FAKE.password]) assert.ok(!text.includes(s), 'secret leaked into SARIF');
  });
});
