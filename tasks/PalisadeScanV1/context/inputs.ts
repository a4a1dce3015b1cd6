import { FAIL_ON_LEVELS, type FailOn } from '../../contract/findings';
import { SCANNERS, type Scanner } from '../../contract/projectSettings';
import { SBOM_FORMATS, type SbomFormat } from '../../engine/deps';

export type ScanScope = 'auto' | 'full' | 'diff';

export interface TaskInputs {
  path: string;
  /** null: take them from the Security hub settings. */
  scanners: Scanner[] | null;
  /** null: take it from the Security hub settings. */
  failOn: FailOn | null;
  scanScope: ScanScope;
  config: string;
  /** True when the user named a config other than the default. */
  configExplicit: boolean;
  excludes: string[];
  additionalSarif: string[];
  prStatus: boolean;
  prComments: boolean;
  maxPrComments: number;
  statusName: string;
  publishArtifact: boolean;
  artifactName: string;
  publishToHub: boolean;
  continueOnScannerError: boolean;
  timeoutMinutes: number;
  osvUrl?: string;
  osvOfflineDir?: string;
  /** Check development-only dependencies too (marked dev); false leaves them out. */
  includeDevDependencies: boolean;
  /** Write a bill of materials into the artifact folder. */
  sbom: SbomFormat | 'none';
  /** Injected by the pipeline decorator: scan only where managed scanning is enabled. */
  managed: boolean;
}

/** A bad input: the message names the input, the value and what to do. */
export class InputError extends Error {
  override name = 'InputError';
}

export interface InputReader {
  get(name: string): string | undefined;
}

const lines = (v: string | undefined): string[] => (v ?? '').split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));

function bool(r: InputReader, name: string, dflt: boolean): boolean {
  const v = r.get(name)?.trim().toLowerCase();
  if (v === undefined || v === '') return dflt;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new InputError(`Input "${name}" must be true or false, not "${v}".`);
}

function int(r: InputReader, name: string, dflt: number, min: number, max: number): number {
  const v = r.get(name)?.trim();
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new InputError(`Input "${name}" must be a whole number from ${min} to ${max}, not "${v}".`);
  return n;
}

export function readInputs(r: InputReader, defaultPath: string): TaskInputs {
  const scannersRaw = (r.get('scanners') ?? '').trim();
  let scanners: Scanner[] | null = null;
  if (scannersRaw !== '' && scannersRaw !== 'settings') {
    const list = scannersRaw.split(/[\s,]+/).filter(Boolean);
    const bad = list.find((s) => !(SCANNERS as readonly string[]).includes(s));
    if (bad) throw new InputError(`Input "scanners" has "${bad}"; use a comma-separated list of ${SCANNERS.join(', ')}, or "settings".`);
    scanners = [...new Set(list)] as Scanner[];
  }
  const failOnRaw = (r.get('failOn') ?? '').trim();
  let failOn: FailOn | null = null;
  if (failOnRaw !== '' && failOnRaw !== 'settings') {
    if (!(FAIL_ON_LEVELS as readonly string[]).includes(failOnRaw)) throw new InputError(`Input "failOn" must be one of settings, ${FAIL_ON_LEVELS.join(', ')}; got "${failOnRaw}".`);
    failOn = failOnRaw as FailOn;
  }
  const scope = (r.get('scanScope') ?? 'auto').trim() || 'auto';
  if (!['auto', 'full', 'diff'].includes(scope)) throw new InputError(`Input "scanScope" must be auto, full or diff; got "${scope}".`);
  const config = (r.get('config') ?? '').trim();
  const statusName = (r.get('statusName') ?? '').trim() || 'security-scan';
  if (!/^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$/.test(statusName)) throw new InputError(`Input "statusName" may hold letters, digits, ".", "_", "-" and "/" (at most 100), not "${statusName}".`);
  const sbom = (r.get('sbom') ?? '').trim() || 'none';
  if (sbom !== 'none' && !(SBOM_FORMATS as readonly string[]).includes(sbom)) throw new InputError(`Input "sbom" must be none, ${SBOM_FORMATS.join(' or ')}; got "${sbom}".`);
  const artifactName = (r.get('artifactName') ?? '').trim() || 'CodeAnalysisLogs';
  if (!/^[A-Za-z0-9][A-Za-z0-9._ -]{0,99}$/.test(artifactName)) throw new InputError(`Input "artifactName" may hold letters, digits, spaces, ".", "_" and "-", not "${artifactName}".`);
  return {
    path: (r.get('path') ?? '').trim() || defaultPath,
    scanners,
    failOn,
    scanScope: scope as ScanScope,
    config: config || '.palisade.yml',
    configExplicit: config !== '' && config !== '.palisade.yml',
    excludes: lines(r.get('excludes')),
    additionalSarif: lines(r.get('additionalSarif')),
    prStatus: bool(r, 'prStatus', true),
    prComments: bool(r, 'prComments', true),
    maxPrComments: int(r, 'maxPrComments', 20, 0, 200),
    statusName,
    publishArtifact: bool(r, 'publishArtifact', true),
    artifactName,
    publishToHub: bool(r, 'publishToHub', true),
    continueOnScannerError: bool(r, 'continueOnScannerError', false),
    timeoutMinutes: int(r, 'timeoutMinutes', 30, 1, 1440),
    osvUrl: (r.get('osvUrl') ?? '').trim() || undefined,
    osvOfflineDir: (r.get('osvOfflineDir') ?? '').trim() || undefined,
    includeDevDependencies: bool(r, 'includeDevDependencies', true),
    sbom: sbom as SbomFormat | 'none',
    managed: bool(r, 'managed', false),
  };
}
