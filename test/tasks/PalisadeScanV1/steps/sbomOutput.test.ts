import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SBOM_FILE_NAMES, writeSbom } from '../../../../tasks/PalisadeScanV1/steps/sbomOutput';
import type { ScanData } from '../../../../tasks/PalisadeScanV1/steps/scanStep';
import { capturedLog } from '../../../support/taskFakes';
import { makeTree, removeTree } from '../../../support/tmpTree';

function data(packages?: { name: string; version: string }[]): ScanData {
  const result = packages
    ? { root: '/r', findings: [], skipped: [], diagnostics: [], rules: [], toolVersion: 'x', stats: { filesScanned: 0, bytesScanned: 0, filesSkipped: 0, durationMs: 0, workers: 0 }, packages: packages.map((p) => ({ ecosystem: 'npm' as const, path: 'package-lock.json', dev: false, ...p })) }
    : undefined;
  return { result, findings: [], rules: [], diagnostics: [], notes: [], options: {} };
}

describe('steps/sbomOutput', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTree({});
  });
  afterEach(() => removeTree(dir));

  it('writes nothing when none is asked for', () => {
    const { log, lines } = capturedLog();
    assert.equal(writeSbom(log, { sbom: 'none' }, data([]), dir, { root: '/r', diffScan: false }), undefined);
    assert.deepEqual(lines, []);
  });

  it('writes nothing for a pull request\'s diff scan, and says why', () => {
    const { log, lines } = capturedLog();
    assert.equal(writeSbom(log, { sbom: 'cyclonedx' }, data([]), dir, { root: '/r', diffScan: true }), undefined);
    assert.match(lines.join('\n'), /not written, because this pull-request scan read only the changed files/);
  });

  it('warns when the dependency scanner did not run', () => {
    const { log, lines } = capturedLog();
    assert.equal(writeSbom(log, { sbom: 'spdx' }, data(undefined), dir, { root: '/r', diffScan: false }), undefined);
    assert.match(lines.join('\n'), /task\.logissue type=warning.*dependency scanner did not run/);
  });

  it('writes CycloneDX or SPDX beside the SARIF file, named after the subject, masked', () => {
    const { log, lines } = capturedLog();
    log.registerSecrets(['s3cretpkg']);
    const file = writeSbom(log, { sbom: 'cyclonedx' }, data([{ name: 'left-pad', version: '1.0.0' }, { name: 's3cretpkg', version: '2.0.0' }]), dir, { root: '/work/app', diffScan: false })!;
    assert.equal(file, join(dir, SBOM_FILE_NAMES.cyclonedx));
    const text = readFileSync(file, 'utf8');
    const bom = JSON.parse(text);
    assert.equal(bom.bomFormat, 'CycloneDX');
    assert.ok(text.includes('left-pad'));
    assert.ok(!text.includes('s3cretpkg'), 'masked like every output');
    assert.ok(text.includes('"app"'), 'the subject defaults to the root folder name');
    assert.match(lines.join('\n'), /Bill of materials \(CycloneDX 1\.5, 2 packages\)/);
    const spdx = writeSbom(log, { sbom: 'spdx' }, data([]), dir, { root: '/r', subject: 'org/app', diffScan: false })!;
    assert.ok(existsSync(spdx));
    assert.equal(JSON.parse(readFileSync(spdx, 'utf8')).spdxVersion, 'SPDX-2.3');
  });
});
