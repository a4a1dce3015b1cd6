import assert from 'node:assert/strict';
import { join } from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';
import type { CodeRuleSpec } from '../../../../tasks/engine/rules/codeRuleSpec';
import { loadConfig, parseConfig } from '../../../../tasks/engine/config/palisadeConfig';
import { scanFileBatchAsync } from '../../../../tasks/engine/run/fileBatch';
import { loadBuiltinRules } from '../../../../tasks/engine/ruleset/ruleLoader';
import { activeRules } from '../../../../tasks/engine/run/ruleSet';
import { FileProblemError, parseYamlFile } from '../../../../tasks/engine/text/yamlValidation';
import { REPO_ROOT } from '../../../support/paths';
import { makeTree, removeTree } from '../../../support/tmpTree';

const RULE = `
customRules:
  - id: acme-legacy-crypto
    kind: code
    title: ACME legacy crypto helper
    severity: medium
    cwe: [CWE-327]
    languages: [python]
    keywords: [legacy_encrypt]
    match:
      - call: ['acme.crypto.legacy_encrypt()']
        args:
          - { arg: 0, constant: false }
    help: Use acme.crypto.seal() instead; legacy_encrypt uses DES.
    samples:
      positive:
        - |
          from acme.crypto import legacy_encrypt
          token = legacy_encrypt(data)
      negative:
        - code: |
            from acme.crypto import legacy_encrypt
            token = legacy_encrypt("constant")
          language: python
`;

/** Custom code rules in .palisade.yml: validated with clear errors, self-checked, then scanned. */
describe('custom code rules (.palisade.yml)', () => {
  const builtins = loadBuiltinRules();
  const builtinIds = new Set(builtins.map((r) => r.spec.id));
  let root = '';
  afterEach(() => root && removeTree(root));

  function problemsOf(yaml: string): string {
    const parsed = parseYamlFile('.palisade.yml', yaml);
    try {
      parseConfig(parsed.value, builtinIds, '.palisade.yml', parsed);
    } catch (e) {
      assert.ok(e instanceof FileProblemError, (e as Error).stack);
      return e.message;
    }
    assert.fail('the config was accepted');
  }

  it('accepts a valid rule, checks its samples, and scans with it', async () => {
    root = makeTree({ '.palisade.yml': RULE, 'svc/app.py': 'from acme.crypto import legacy_encrypt\nout = legacy_encrypt(payload)\n' });
    const config = loadConfig(join(root, '.palisade.yml'), builtinIds, true, '.palisade.yml');
    assert.equal(config.customRules[0].spec.kind, 'code');
    const rules = activeRules(builtins, config);
    const known = new Set([...builtinIds, 'acme-legacy-crypto']);
    const r = await scanFileBatchAsync([{ path: 'svc/app.py', abs: join(root, 'svc/app.py'), size: 10 }], rules.detector, known, false, rules.code);
    assert.deepEqual(r.findings.map((f) => `${f.ruleId}@${f.region.startLine}`), ['acme-legacy-crypto@2']);
  });

  it('reports samples that the rule does not honour, with the sample', () => {
    const broken = RULE.replace('legacy_encrypt(data)', 'other(data)');
    const msg = problemsOf(broken);
    assert.match(msg, /customRules\[0\]\.samples: positive sample 1 is not matched by the rule/);
    assert.match(msg, /other\(data\)/);
  });

  it('names the key and line of schema and pattern errors', () => {
    assert.match(problemsOf(RULE.replace('languages: [python]', 'languages: [cobol]')), /\.palisade\.yml:\d+: customRules\[0\]\.languages\[0\]: must be one of/);
    assert.match(problemsOf(RULE.replace("- { arg: 0, constant: false }", "- { arg: '0.', constant: false, bogus: 1 }")), /customRules\[0\]\.match\[0\]\.args\[0\]\.bogus: unknown key/);
    assert.match(problemsOf(RULE.replace("- call: ['acme.crypto.legacy_encrypt()']", "- call: ['acme.crypto.legacy_encrypt(x)']")), /customRules\[0\]\.match: .*invalid segment/);
    assert.match(problemsOf(RULE.replace('languages: [python]', 'languages: [python, terraform]')), /not both/);
    assert.match(problemsOf(RULE.replace('kind: code', 'kind: sast')), /customRules\[0\]\.kind: must be one of "secret", "code"/);
  });

  it('checks samples on a helper thread when the grammar is not loaded (scan worker, sample mode)', async () => {
    const parsed = parseYamlFile('.palisade.yml', RULE.replace('legacy_encrypt(data)', 'other(data)'));
    const spec = (parsed.value as { customRules: CodeRuleSpec[] }).customRules[0];
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(join(REPO_ROOT, 'out', 'tasks', 'engine', 'run', 'scanWorker.js'), { workerData: { mode: 'checkCodeSamples', spec, flag, port: port2 }, transferList: [port2] });
    try {
      const problems = await new Promise<string[]>((resolve) => port1.once('message', resolve));
      assert.equal(problems.length, 1);
      assert.match(problems[0], /positive sample 1 is not matched/);
    } finally {
      port1.close();
      await worker.terminate();
    }
  });
});
