/** The bill of materials the `sbom` input asks for, written beside the SARIF file in the artifact folder. */
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ENGINE_VERSION } from '../../engine';
import { buildSbom } from '../../engine/deps';
import type { TaskInputs } from '../context/inputs';
import type { ScanData } from './scanStep';
import type { TaskLog } from '../log/taskLog';

export const SBOM_FILE_NAMES = { cyclonedx: 'palisade.cdx.json', spdx: 'palisade.spdx.json' } as const;

/** Returns the file written, or undefined (none asked for, a partial scan, or no dependency scan). */
export function writeSbom(log: TaskLog, inputs: Pick<TaskInputs, 'sbom'>, data: ScanData, artifactDir: string, scan: { root: string; subject?: string; diffScan: boolean }): string | undefined {
  if (inputs.sbom === 'none') return undefined;
  if (scan.diffScan) {
    log.info('Bill of materials: not written, because this pull-request scan read only the changed files; a full scan (scanScope: full, or a branch build) writes it.');
    return undefined;
  }
  const packages = data.result?.packages;
  if (!packages) {
    log.warning('Bill of materials: not written, because the dependency scanner did not run (add "dependencies" to the scanners).');
    return undefined;
  }
  const file = join(artifactDir, SBOM_FILE_NAMES[inputs.sbom]);
  const bom = buildSbom(inputs.sbom, packages, { subject: scan.subject || basename(scan.root), toolVersion: ENGINE_VERSION });
  writeFileSync(file, log.mask(JSON.stringify(bom, null, 2)));
  log.info(`Bill of materials (${inputs.sbom === 'cyclonedx' ? 'CycloneDX 1.5' : 'SPDX 2.3'}, ${packages.length} packages): ${file}`);
  return file;
}
