/**
 * PalisadeScan@1 end to end on dependency scanning: an unparsable lockfile fails the task
 * (unless continueOnScannerError), dev dependencies can be left out, a bill of materials lands
 * in the artifact, and osvOfflineDir reads exports as pipeline artifacts and secure files
 * deliver them.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yazl from 'yazl';
import { DEV_ONLY_LOCK as LOCK, MINIMIST_ADVISORY as MINIMIST } from '../support/scanFixtures';
import { assertRun, branchBuild, runTask, taskSuite, writeFiles } from './taskHarness';


function zipOf(records: object[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const r of records) zip.addBuffer(Buffer.from(JSON.stringify(r)), `${(r as { id: string }).id}.json`);
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

describe('PalisadeScan@1 against the emulator: dependency scanning', function () {
  const suite = taskSuite();
  const emu = () => suite.emulator;

  function sources(files: Record<string, string>): string {
    const dir = suite.tempDir('palisade-deps-src-');
    writeFiles(dir, files);
    return dir;
  }

  async function offlineDb(): Promise<string> {
    const dir = suite.tempDir('palisade-osv-');
    writeFiles(dir, {});
    writeFileSync(join(dir, 'npm.zip'), await zipOf([MINIMIST]));
    return dir;
  }

  it('fails when the only lockfile cannot be parsed, naming it; continueOnScannerError turns that into issues', async () => {
    const src = sources({ 'web/package-lock.json': '{\n  "lockfileVersion": 3,\n  "packages": {,\n}\n' });
    const db = await offlineDb();
    const inputs = { failOn: 'high', scanners: 'dependencies', osvOfflineDir: db };
    const run = await runTask(emu(), { buildId: branchBuild(emu()).id, sourcesDirectory: src, workDirectory: suite.tempDir(), inputs });
    assertRun(run, run.result === 'Failed', 'an incomplete scan is not a pass');
    assert.match(run.resultMessage ?? '', /incomplete/i);
    // The file is named once, in front (not repeated by the message).
    assert.ok(run.issues.some((i) => /^web\/package-lock\.json:3: cannot read this npm lockfile: invalid JSON at line 3/.test(i.message)), JSON.stringify(run.issues));
    assert.equal(run.outputs.result, 'error');

    const lenient = await runTask(emu(), { buildId: branchBuild(emu()).id, sourcesDirectory: src, workDirectory: suite.tempDir(), inputs: { ...inputs, continueOnScannerError: 'true' } });
    assertRun(lenient, lenient.result === 'SucceededWithIssues', 'continueOnScannerError: the task goes on with issues');
    assert.ok(lenient.issues.some((i) => /package-lock\.json/.test(i.message)), 'the broken lockfile is an issue');
  });

  it('reads a folder of zips (a pipeline artifact) or one zip (a secure file); includeDevDependencies: false leaves dev-only packages out', async () => {
    const src = sources({ 'package-lock.json': LOCK });
    const db = await offlineDb();
    const base = { failOn: 'high', scanners: 'dependencies' };
    const all = await runTask(emu(), { buildId: branchBuild(emu()).id, sourcesDirectory: src, workDirectory: suite.tempDir(), inputs: { ...base, osvOfflineDir: db } });
    assertRun(all, all.result === 'Failed', 'the dev-only critical package fails the build by default');
    assert.match(all.logText, /minimist@1\.2\.5/);

    const secureFile = await runTask(emu(), { buildId: branchBuild(emu()).id, sourcesDirectory: src, workDirectory: suite.tempDir(), inputs: { ...base, osvOfflineDir: join(db, 'npm.zip') } });
    assertRun(secureFile, secureFile.result === 'Failed', 'one zip file works as the offline database');

    const prod = await runTask(emu(), { buildId: branchBuild(emu()).id, sourcesDirectory: src, workDirectory: suite.tempDir(), inputs: { ...base, osvOfflineDir: db, includeDevDependencies: 'false' } });
    assertRun(prod, prod.result === 'Succeeded', 'without dev dependencies nothing is found');
  });

  it('writes the bill of materials the sbom input asks for into the artifact folder', async () => {
    const src = sources({ 'package-lock.json': LOCK });
    const db = await offlineDb();
    const work = suite.tempDir();
    const run = await runTask(emu(), { buildId: branchBuild(emu()).id, sourcesDirectory: src, workDirectory: work, inputs: { failOn: 'none', scanners: 'dependencies', osvOfflineDir: db, sbom: 'spdx' } });
    assertRun(run, run.result !== 'Failed', 'failOn none');
    const file = join(run.stagingDirectory, 'CodeAnalysisLogs', 'palisade.spdx.json');
    assert.ok(existsSync(file), 'beside palisade.sarif');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(doc.spdxVersion, 'SPDX-2.3');
    assert.deepEqual(doc.packages.slice(1).map((p: { externalRefs: { referenceLocator: string }[] }) => p.externalRefs[0].referenceLocator), ['pkg:npm/express@4.17.1', 'pkg:npm/minimist@1.2.5', 'pkg:npm/mocha@10.0.0']);
    assert.deepEqual(run.artifacts, ['CodeAnalysisLogs']);

    const bad = await runTask(emu(), { buildId: branchBuild(emu()).id, sourcesDirectory: src, workDirectory: suite.tempDir(), inputs: { scanners: 'dependencies', osvOfflineDir: db, sbom: 'xml' } });
    assertRun(bad, bad.result === 'Failed', 'a bad sbom value is an input error');
    assert.match(bad.resultMessage ?? '', /Input "sbom" must be none, cyclonedx or spdx; got "xml"/);
  });
});
