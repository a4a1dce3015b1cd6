import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadBuiltinRules, parseConfigText, scan } from '../../../tasks/engine/index';
import type { AdvisorySource } from '../../../tasks/engine/deps';
import { ENGINE_VERSION } from '../../../tasks/engine/version';
import { FAKE, makeTree, removeTree } from '../../support/tmpTree';

const TREE = {
  'src/a.js': `const t = "${FAKE.githubPat}";\n`,
  'src/b.js': `const child_process = require('child_process');\nmodule.exports = (req) => child_process.exec(req.query.cmd);\n`,
  'docs/readme.md': 'nothing here\n',
  'package-lock.json': JSON.stringify({ name: 'x', lockfileVersion: 3, packages: { '': { dependencies: { 'left-pad': '1.0.0' } }, 'node_modules/left-pad': { version: '1.0.0' } } }),
};

const noAdvisories: AdvisorySource = {
  label: 'none',
  queryBatch: async (qs) => qs.map(() => ({ vulnIds: [] })),
  getVuln: async (id) => ({ id }),
};

describe('engine/index (scan)', () => {
  let root: string;
  before(() => {
    root = makeTree(TREE);
  });
  after(() => removeTree(root));

  it('runs every scanner and returns sorted findings, stats, rules and the engine version', async () => {
    const r = await scan({ root, workers: 0, advisorySource: noAdvisories });
    assert.equal(r.root, root);
    assert.equal(r.toolVersion, ENGINE_VERSION);
    const kinds = r.findings.map((f) => `${f.kind}:${f.path}`);
    assert.ok(kinds.includes('secret:src/a.js'), kinds.join());
    assert.ok(kinds.includes('code:src/b.js'), kinds.join());
    assert.equal(r.stats.filesScanned, 4);
    assert.equal(r.stats.workers, 0);
    assert.ok(r.rules.length >= loadBuiltinRules().filter((x) => x.spec.enabled !== false).length);
    assert.deepEqual(r.packages?.map((p) => `${p.name}@${p.version}`), ['left-pad@1.0.0']);
    assert.equal(r.secretValues, undefined, 'raw secrets only on request');
    assert.ok(!JSON.stringify(r).includes(FAKE.githubPat), 'no raw secret anywhere in the result');
  });

  it('runs only the scanners asked for, disabling the others\' rules', async () => {
    const r = await scan({ root, workers: 0, scanners: ['secrets'] });
    assert.deepEqual([...new Set(r.findings.map((f) => f.kind))], ['secret']);
    assert.ok(r.rules.every((x) => x.kind === 'secret'));
    assert.equal(r.packages, undefined, 'no dependency scan, no package list');
  });

  it('reports manifests it could not check when no advisory source is given', async () => {
    const r = await scan({ root, workers: 0, scanners: ['dependencies'] });
    assert.deepEqual(r.diagnostics.filter((d) => d.scannerFailure).map((d) => d.message), ['1 dependency manifest(s) were not checked: no advisory source was configured']);
    assert.deepEqual(r.packages, []);
  });

  it('finds in a few files, from their languages\' code rules alone, what the whole set finds, and lists every rule', async function () {
    this.timeout(60000);
    const few = makeTree({
      'b.js': TREE['src/b.js'],
      'app.py': 'import os\nfrom flask import request\n\ndef run():\n    os.system(request.args.get("cmd"))\n',
      // A YAML file's rules include pipelines' (see CodeRuleSet.poolOf).
      'azure-pipelines.yml': "trigger: [main]\nvariables:\n  buildConfiguration: Release\n  dbPassword: 'Xk8#pQ2!vR9z'\nsteps:\n  - script: dotnet build -c $(buildConfiguration)\n",
      'notes.md': 'nothing\n',
    });
    try {
      // One thread, few files of different languages: the scan reads their languages' rules only.
      const some = await scan({ root: few, workers: 1, scanners: ['secrets', 'code'] });
      // Two threads: the whole set, as before.
      const whole = await scan({ root: few, workers: 2, scanners: ['secrets', 'code'] });
      for (const path of ['b.js', 'app.py', 'azure-pipelines.yml']) assert.ok(some.findings.some((f) => f.path === path && f.kind === 'code'), `${path}: ${JSON.stringify(some.findings)}`);
      assert.deepEqual(some.findings, whole.findings);
      assert.deepEqual(some.diagnostics, whole.diagnostics);
      assert.deepEqual(some.rules, whole.rules);
      assert.ok(some.rules.some((x) => x.id.startsWith('java-')), 'rules of other languages listed too');
      // Titles as the list gives them, for the findings' rules (read before the list is made) and any other.
      const fresh = await scan({ root: few, workers: 1, scanners: ['secrets', 'code'] });
      const titles = new Map(whole.rules.map((x) => [x.id, x.title]));
      for (const id of [...fresh.findings.map((f) => f.ruleId), 'java-weak-key-size', 'no-such-rule']) assert.equal(fresh.ruleTitle!(id), titles.get(id), id);
      assert.ok(!Object.keys(fresh).includes('ruleTitle'), 'not enumerable');
    } finally {
      removeTree(few);
    }
  });

  it('scans only the given paths, and hands raw secrets back when asked', async () => {
    const r = await scan({ root, workers: 0, paths: ['src/a.js'], collectSecrets: true, scanners: ['secrets'] });
    assert.deepEqual([...new Set(r.findings.map((f) => f.path))], ['src/a.js']);
    assert.equal(r.stats.filesScanned, 1);
    assert.deepEqual(r.secretValues, [FAKE.githubPat]);
  });

  it('marks findings in the baseline as suppressed, and applies extra excludes', async () => {
    const first = await scan({ root, workers: 0, scanners: ['secrets'] });
    const fp = first.findings[0].fingerprint;
    const again = await scan({ root, workers: 0, scanners: ['secrets'], baseline: new Set([fp]) });
    assert.deepEqual(again.findings.find((f) => f.fingerprint === fp)?.suppression, { kind: 'baseline', justification: 'in baseline' });
    const excluded = await scan({ root, workers: 0, scanners: ['secrets'], excludes: ['src/'] });
    assert.deepEqual(excluded.findings, []);
    assert.ok(excluded.skipped.some((s) => s.path.startsWith('src')), 'excluded paths are accounted for');
  });

  it('applies the config: disabled rules, and its own file skipped as configuration', async () => {
    const id = (await scan({ root, workers: 0, scanners: ['secrets'] })).findings[0].ruleId;
    const text = `rules:\n  disable: [${id}]\n`;
    const ids = new Set(loadBuiltinRules().map((x) => x.spec.id));
    const config = { ...parseConfigText(text, ids, '.palisade.yml').config, path: join(root, 'docs', 'readme.md') };
    const r = await scan({ root, workers: 0, scanners: ['secrets'], config });
    assert.ok(!r.findings.some((f) => f.ruleId === id));
    assert.deepEqual(r.skipped.find((s) => s.path === 'docs/readme.md'), { path: 'docs/readme.md', reason: 'excluded', detail: 'Palisade configuration file' });
  });

  it('counts skipped paths as done from the start in progress, ending at scanned + skipped', async () => {
    const seen: [number, number][] = [];
    const r = await scan({ root, workers: 0, scanners: ['secrets'], excludes: ['docs/'], onProgress: (d, t) => seen.push([d, t]) });
    const last = seen.at(-1)!;
    assert.equal(last[0], last[1]);
    assert.equal(last[1], r.stats.filesScanned + r.skipped.length);
    const excluded = r.skipped.filter((s) => s.reason === 'excluded').length;
    assert.ok(excluded > 0);
    assert.ok(seen.every(([d]) => d >= excluded), 'the walk\'s skips count from the start');
  });
});
