import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../../tasks/cli/main';
import { scan } from '../../../tasks/engine/index';
import { createAdvisorySource } from '../../../tasks/osv';
import { makeTree, removeTree } from '../../support/tmpTree';

const ADVISORY = {
  schema_version: '1.6.0',
  id: 'GHSA-abcd-efgh-ijkl',
  aliases: ['CVE-2099-0001'],
  modified: '2026-01-01T00:00:00Z',
  summary: 'Prototype pollution in fake-merge',
  affected: [{ package: { ecosystem: 'npm', name: 'fake-merge' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '2.0.1' }] }] }],
  severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
  references: [{ type: 'ADVISORY', url: 'https://github.com/advisories/GHSA-abcd-efgh-ijkl' }],
};

const LOCK = JSON.stringify({
  name: 'app', version: '1.0.0', lockfileVersion: 3, requires: true,
  packages: {
    '': { name: 'app', version: '1.0.0', dependencies: { 'fake-merge': '^2.0.0', 'safe-lib': '^1.0.0' } },
    'node_modules/fake-merge': { version: '2.0.0' },
    'node_modules/safe-lib': { version: '1.0.0' },
  },
}, null, 2);

describe('dependency scanning through scan() and the CLI', () => {
  let root: string;
  let osv: string;
  beforeEach(() => {
    root = makeTree({ 'app/package-lock.json': LOCK, 'app/index.js': 'module.exports = 1;\n' });
    osv = join(root, '..', `${root.split('/').pop()}-osv`);
    mkdirSync(join(osv, 'npm'), { recursive: true });
    writeFileSync(join(osv, 'npm', 'GHSA-abcd-efgh-ijkl.json'), JSON.stringify(ADVISORY));
  });
  afterEach(() => {
    removeTree(root);
    removeTree(osv);
  });

  it('reports a vulnerable locked package at its lockfile line, with advisory facts and rule', async () => {
    const source = createAdvisorySource({ offlineDir: osv });
    const r = await scan({ root, advisorySource: source });
    const dep = r.findings.filter((f) => f.kind === 'dependency');
    assert.equal(dep.length, 1);
    assert.equal(dep[0].path, 'app/package-lock.json');
    assert.equal(dep[0].severity, 'critical');
    assert.equal(dep[0].region.startLine, LOCK.split('\n').findIndex((l) => l.includes('node_modules/fake-merge')) + 1);
    assert.deepEqual((dep[0].properties as { fixedVersions: string[] }).fixedVersions, ['2.0.1']);
    assert.ok(r.rules.some((x) => x.id === dep[0].ruleId), 'the advisory has a rule entry for SARIF');
  });

  it('checks a lockfile larger than the size cap, which the secret scan skips (found too large by the walk or by the read)', async () => {
    const source = createAdvisorySource({ offlineDir: osv });
    // With code rules the walk stats files and skips it; without, the read finds it too large.
    for (const scanners of [undefined, ['secrets', 'dependencies'] as const]) {
      const r = await scan({ root, advisorySource: source, maxFileSize: 100, scanners });
      assert.deepEqual(r.skipped.map((s) => [s.path, s.reason]), [['app/package-lock.json', 'too-large']]);
      assert.deepEqual(r.findings.filter((f) => f.kind === 'dependency').map((f) => f.path), ['app/package-lock.json']);
    }
  });

  it('says so when dependencies cannot be checked, instead of passing silently', async () => {
    const r = await scan({ root });
    assert.ok(r.diagnostics.some((d) => d.scannerFailure && /dependency manifest\(s\) were not checked/.test(d.message)));
    const off = await scan({ root, scanners: ['secrets'] });
    assert.equal(off.diagnostics.length, 0, 'with the dependency scanner off, nothing is expected of it');
  });

  it('CLI: --osv-offline finds it; an unusable source or unreachable API is exit 2 or 3', async () => {
    const run = async (args: string[]) => {
      const out = Object.assign(new PassThrough(), { isTTY: false });
      const err = Object.assign(new PassThrough(), { isTTY: false });
      const chunks: Buffer[] = [];
      const errChunks: Buffer[] = [];
      out.on('data', (b: Buffer) => chunks.push(b));
      err.on('data', (b: Buffer) => errChunks.push(b));
      const code = await main(args, { stdout: out, stderr: err, cwd: root });
      return { code, stdout: Buffer.concat(chunks).toString(), stderr: Buffer.concat(errChunks).toString() };
    };
    const ok = await run(['scan', '.', '--osv-offline', osv]);
    assert.equal(ok.code, 1, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).findings.filter((f: { kind: string }) => f.kind === 'dependency').length, 1);
    const missing = await run(['scan', '.', '--osv-offline', join(root, 'nope')]);
    assert.equal(missing.code, 2, missing.stderr);
    // Port 9 on loopback refuses connections: the scan must say it is incomplete.
    const down = await run(['scan', '.', '--osv-url', 'http://127.0.0.1:9', '--fail-on', 'none']);
    assert.equal(down.code, 3, down.stderr);
    assert.match(down.stderr, /Dependency scan incomplete/);
  });
});
